import type { Outcome } from '../flaky-provider/outcome-draw';

/** Test-only steering: a forced mode for every request, or a script per recipient. */
export function outcomeOverrides() {
  let mode: Outcome | null = null;
  let scripts = new Map<string, Outcome[]>();
  return {
    setMode: (outcome: Outcome | null) => {
      mode = outcome;
    },
    script: (recipient: string, outcomes: Outcome[]) => {
      scripts.set(recipient, [...(scripts.get(recipient) ?? []), ...outcomes]);
    },
    /** The forced outcome for this request, if any; a script step is used up. */
    take(recipient: string): Outcome | null {
      const queued = scripts.get(recipient);
      const next = queued?.shift();
      if (queued && queued.length === 0) scripts.delete(recipient);
      return next ?? mode;
    },
    reset() {
      mode = null;
      scripts = new Map();
    },
  };
}
export type OutcomeOverrides = ReturnType<typeof outcomeOverrides>;
