import type { Redis } from 'ioredis';
import type { ProviderHealth, ProvidersHealth } from '@notify/shared';
import type { Ledger } from '@notify/shared/ledger';
import { readProviderStats } from '@notify/shared/provider-health';

/**
 * The providers panel: per provider, its traffic over the last minutes, the processors'
 * breaker verdicts, who serves it and the limit on its queue. Redis only (the processors'
 * per-minute stats, their breaker states, the worker registry, the queue's meta), so the
 * figures never cost MongoDB a read.
 */
export function providerHealthService(
  ledger: Ledger,
  providers: string[],
  redis: Redis,
  queuePrefix: string,
) {
  /** The limit the processors set on the provider's queue (setGlobalRateLimit), if any. */
  const rateLimitOf = async (provider: string): Promise<ProviderHealth['rate_limit']> => {
    const meta = await ledger.queueFor(provider).getMeta();
    return meta.max && meta.duration ? { max: meta.max, per_ms: meta.duration } : null;
  };

  return {
    async get(windowMinutes: number): Promise<ProvidersHealth> {
      const [readings, limits] = await Promise.all([
        readProviderStats(redis, queuePrefix, providers, windowMinutes),
        Promise.all(providers.map(rateLimitOf)),
      ]);
      return {
        at: new Date().toISOString(),
        window_minutes: windowMinutes,
        providers: readings.map((reading, i) => ({
          ...reading,
          served: reading.workers > 0,
          rate_limit: limits[i] ?? null,
          // No limiter of ours reports a remaining allowance yet: unknown, not "plenty".
          headroom: null,
        })),
      };
    },
  };
}
export type ProviderHealthService = ReturnType<typeof providerHealthService>;
