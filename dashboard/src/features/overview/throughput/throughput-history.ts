import type { Overview, ThroughputPoint } from '@notify/shared';

/**
 * Seconds of history kept in the overview's cache entry: an hour of per-minute buckets is
 * what the chart's width shows readably, and 3,600 small points cost nothing to keep.
 */
const HISTORY_SECONDS = 3_600;

/**
 * Each overview carries the api's last few minutes, one point per second; the dashboard keeps
 * what it has received since it opened by replacing the seconds a newer overview covers (the
 * current second is still counting) and keeping the older ones. Merging the same overview
 * twice changes nothing, so both the socket's push and a fallback fetch can use it.
 */
export function mergeThroughput(
  kept: readonly ThroughputPoint[] | undefined,
  next: ThroughputPoint[],
): ThroughputPoint[] {
  const from = next[0] ? Date.parse(next[0].at) : Infinity;
  const older = (kept ?? []).filter((point) => Date.parse(point.at) < from);
  return [...older, ...next].slice(-HISTORY_SECONDS);
}

/** A new overview whose throughput also holds the history the cached one had. */
export const withThroughputHistory = (cached: Overview | undefined, next: Overview): Overview => ({
  ...next,
  throughput: mergeThroughput(cached?.throughput, next.throughput),
});

export interface MinuteBucket {
  /** The minute's start, in ms since the epoch. */
  at: number;
  sent: number;
  failed: number;
}

const MINUTE_MS = 60_000;

/** Per-minute sums, oldest first; a minute with no point (the socket was down) counts zero. */
export function perMinute(points: readonly ThroughputPoint[]): MinuteBucket[] {
  const sums = new Map<number, MinuteBucket>();
  for (const point of points) {
    const at = Math.floor(Date.parse(point.at) / MINUTE_MS) * MINUTE_MS;
    const bucket = sums.get(at) ?? { at, sent: 0, failed: 0 };
    bucket.sent += point.sent;
    bucket.failed += point.failed;
    sums.set(at, bucket);
  }
  const minutes = [...sums.keys()];
  if (minutes.length === 0) return [];
  const first = Math.min(...minutes);
  const last = Math.max(...minutes);
  return Array.from(
    { length: (last - first) / MINUTE_MS + 1 },
    (_, i) => sums.get(first + i * MINUTE_MS) ?? { at: first + i * MINUTE_MS, sent: 0, failed: 0 },
  );
}
