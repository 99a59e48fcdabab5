/** What the delivery bench reads while a batch is delivered, and how it sums it up. */
import type { Ledger } from '@notify/shared/ledger';

export interface Sample {
  /** Seconds since sampling began. */
  t: number;
  terminal: number;
  counts: Record<string, number>;
}

const TERMINAL = ['sent', 'failed', 'cancelled'];

/**
 * The campaign's count per status every second, from its view sets (ZCARDs, O(1) whatever is
 * stored), until every one of `batch` is terminal or the time runs out.
 */
export async function sampleUntilDone(
  ledger: Ledger,
  campaignId: string,
  batch: number,
  timeoutMs: number,
): Promise<Sample[]> {
  const started = performance.now();
  const samples: Sample[] = [];
  for (;;) {
    const counts = (await ledger.reads.campaignCounts([campaignId])).get(campaignId) ?? {};
    const terminal = TERMINAL.reduce(
      (sum, s) => sum + ((counts as Record<string, number>)[s] ?? 0),
      0,
    );
    const t = (performance.now() - started) / 1000;
    samples.push({ t, terminal, counts: { ...counts } });
    if (Math.round(t) % 10 === 0) process.stdout.write(`    ${t.toFixed(0)} s: ${terminal}\n`);
    if (terminal >= batch || t * 1000 > timeoutMs) return samples;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** When the terminal count first reached `target`, interpolated between two samples. */
const crossing = (samples: Sample[], target: number): number => {
  const i = samples.findIndex((s) => s.terminal >= target);
  if (i <= 0) return i === 0 ? samples[0]!.t : Number.NaN;
  const [a, b] = [samples[i - 1]!, samples[i]!];
  return a.t + ((target - a.terminal) / (b.terminal - a.terminal)) * (b.t - a.t);
};

/** Deliveries per second between 10% and 90% of the batch terminal: start-up and tail left out. */
export function steadyRate(samples: Sample[], batch: number) {
  const from = crossing(samples, 0.1 * batch);
  const to = crossing(samples, 0.9 * batch);
  return { from, to, rate: (0.8 * batch) / (to - from) };
}

/** Provider answer times as the processor recorded them, over `count` ids read by `_id`. */
export async function answerTimes(ledger: Ledger, ids: readonly string[], count: number) {
  const step = Math.max(1, Math.floor(ids.length / count));
  const picked = ids.filter((_, i) => i % step === 0).slice(0, count);
  let total = 0;
  let attempts = 0;
  for (const id of picked) {
    const doc = await ledger.delivery.get(id);
    for (const attempt of doc?.attempts ?? []) {
      total += attempt.latencyMs;
      attempts += 1;
    }
  }
  return { meanMs: attempts ? total / attempts : Number.NaN, attempts, docs: picked.length };
}
