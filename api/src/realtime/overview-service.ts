import type { Redis } from 'ioredis';
import { breakerViewSchema, type Overview } from '@notify/shared';
import type { Ledger } from '@notify/shared/ledger';
import { breakersKey, countWorkers } from '@notify/shared/store';
import type { LiveMetrics } from './live-metrics';

/**
 * Builds the dashboard header: the ledger's maintained counts (set sizes, O(1)) and each
 * provider queue's depth. One result is shared by every client and request for `cacheMs`.
 */
export function overviewService(
  ledger: Ledger,
  providers: string[],
  redis: Redis,
  queuePrefix: string,
  metrics: LiveMetrics,
  cacheMs: number,
) {
  let cached: { at: number; value: Promise<Overview> } | null = null;

  async function build(): Promise<Overview> {
    const [stats, depths] = await Promise.all([
      ledger.reads.stats(),
      Promise.all(
        providers.map(async (provider) => {
          const [counts, workers] = await Promise.all([
            ledger
              .queueFor(provider)
              .getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized'),
            countWorkers(redis, queuePrefix, provider),
          ]);
          return {
            provider,
            waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
            active: counts.active ?? 0,
            delayed: counts.delayed ?? 0,
            failed: counts.failed ?? 0,
            workers,
          };
        }),
      ),
    ]);
    return {
      stats,
      queues: depths,
      breakers: metrics.breakers(),
      throughput: metrics.throughput(),
    };
  }

  return {
    /** Reads breaker states left in Redis by processors, for a replica that just started. */
    async loadBreakers() {
      const stored = await redis.hgetall(breakersKey(queuePrefix));
      for (const [provider, json] of Object.entries(stored)) {
        const parsed = breakerViewSchema.safeParse({ provider, ...JSON.parse(json) });
        if (parsed.success) metrics.setBreaker(parsed.data);
      }
    },
    get(): Promise<Overview> {
      if (!cached || Date.now() - cached.at >= cacheMs) {
        const value = build();
        cached = { at: Date.now(), value };
        // A failed build must not be served from the cache.
        value.catch(() => {
          if (cached?.value === value) cached = null;
        });
      }
      return cached.value;
    },
  };
}
export type OverviewService = ReturnType<typeof overviewService>;
