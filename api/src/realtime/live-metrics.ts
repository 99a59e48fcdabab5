import type { BreakerView, StatusEvent, ThroughputPoint } from '@notify/shared';

/** Five minutes of one-second buckets: enough for the dashboard's chart. */
const WINDOW_SECONDS = 300;

/**
 * What this api replica learns from the event stream: sent/failed per second and the
 * latest breaker state per provider. Every replica subscribes to every event, so each
 * holds the whole picture without sharing state.
 */
export function liveMetrics(now: () => number = Date.now) {
  const buckets = new Map<number, { sent: number; failed: number }>();
  const breakers = new Map<string, BreakerView>();

  return {
    ingest(event: StatusEvent) {
      if (event.kind === 'breaker.state') {
        breakers.set(event.provider, {
          provider: event.provider,
          state: event.state,
          since: event.at,
        });
        return;
      }
      const status = event.notification.status;
      if (status !== 'sent' && status !== 'failed') return;
      const second = Math.floor(now() / 1000);
      const bucket = buckets.get(second) ?? { sent: 0, failed: 0 };
      bucket[status] += 1;
      buckets.set(second, bucket);
      for (const key of buckets.keys()) if (key <= second - WINDOW_SECONDS) buckets.delete(key);
    },
    setBreaker(view: BreakerView) {
      breakers.set(view.provider, view);
    },
    /** Oldest first, one point per second, zeros included, ending at the current second. */
    throughput(): ThroughputPoint[] {
      const last = Math.floor(now() / 1000);
      return Array.from({ length: WINDOW_SECONDS }, (_, i) => {
        const second = last - WINDOW_SECONDS + 1 + i;
        const bucket = buckets.get(second);
        return {
          at: new Date(second * 1000).toISOString(),
          sent: bucket?.sent ?? 0,
          failed: bucket?.failed ?? 0,
        };
      });
    },
    breakers: () => [...breakers.values()],
  };
}
export type LiveMetrics = ReturnType<typeof liveMetrics>;
