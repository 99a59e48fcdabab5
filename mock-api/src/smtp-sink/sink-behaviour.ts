import { z } from 'zod';

/**
 * How the sink answers a recipient: accept; greylist (451 at RCPT TO, come back later);
 * reject (550 at RCPT TO); drop-before-data (close the connection at RCPT TO: nothing was
 * sent); drop-after-data (read the whole message, then close the connection without a
 * reply: the sender cannot know whether it was delivered).
 */
export const sinkBehaviourSchema = z.enum([
  'accept',
  'greylist',
  'reject',
  'drop-before-data',
  'drop-after-data',
]);
export type SinkBehaviour = z.infer<typeof sinkBehaviourSchema>;

/** Test-only steering, as the flaky provider's: a mode for every recipient, or a script per recipient. */
export function sinkBehaviour() {
  let mode: SinkBehaviour = 'accept';
  let scripts = new Map<string, SinkBehaviour[]>();
  return {
    setMode(behaviour: SinkBehaviour | null) {
      mode = behaviour ?? 'accept';
    },
    script(recipient: string, behaviours: SinkBehaviour[]) {
      const key = recipient.toLowerCase();
      scripts.set(key, [...(scripts.get(key) ?? []), ...behaviours]);
    },
    /** The behaviour for this RCPT TO; a script step is used up. */
    take(recipient: string): SinkBehaviour {
      const key = recipient.toLowerCase();
      const queued = scripts.get(key);
      const next = queued?.shift();
      if (queued && queued.length === 0) scripts.delete(key);
      return next ?? mode;
    },
    reset() {
      mode = 'accept';
      scripts = new Map();
    },
  };
}
export type SinkBehaviourControl = ReturnType<typeof sinkBehaviour>;
