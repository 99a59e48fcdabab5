import { LATENCY_BOUNDS_MS } from './provider-stats-keys';

/**
 * The q-quantile (0 < q ≤ 1) of calls counted in fixed buckets (`counts[i]` calls in
 * bucket i, the last one +Inf), interpolated linearly inside its bucket as Prometheus's
 * histogram_quantile does: exact to the bucket, a fair guess within it. One in +Inf reads as
 * the highest finite bound. Null without a call.
 */
export function latencyQuantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = q * total;
  let below = 0;
  for (const [i, n] of counts.entries()) {
    const upper = LATENCY_BOUNDS_MS[i];
    if (upper === undefined) return LATENCY_BOUNDS_MS.at(-1) ?? null;
    if (n > 0 && below + n >= rank) {
      const lower = i === 0 ? 0 : (LATENCY_BOUNDS_MS[i - 1] ?? 0);
      return Math.round(lower + ((upper - lower) * (rank - below)) / n);
    }
    below += n;
  }
  return LATENCY_BOUNDS_MS.at(-1) ?? null;
}
