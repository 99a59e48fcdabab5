import type { Redis } from 'ioredis';
import type { ProvidersHealth } from '@notify/shared';
import { providerLimitKey, rateLimitKey, readProviderStats } from '@notify/shared/provider-health';

/**
 * Requests in the provider's log within its window, by Redis's clock (as the limiter counts
 * them, in microseconds). Read-only and one key, so legal on a Redis Cluster.
 */
const IN_WINDOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
return redis.call('ZCOUNT', KEYS[1], string.format('(%d', now - tonumber(ARGV[1]) * 1000), '+inf')
`;

type Limit = { max: number; windowMs: number };

/**
 * The providers panel: per provider, its traffic over the last minutes, the processors'
 * breaker verdicts, who serves it, its rate limit and what is left of it. Redis only (the processors'
 * per-minute stats, their breaker states, the worker registry, the limiter's log), so the
 * figures never cost MongoDB a read.
 */
export function providerHealthService(providers: string[], redis: Redis, queuePrefix: string) {
  /** The limit the processors declared for a provider at start-up (none: unlimited). */
  const limitOf = async (provider: string): Promise<Limit | null> => {
    const declared = await redis.get(providerLimitKey(queuePrefix, provider));
    if (!declared) return null;
    let limit: Partial<Limit>;
    try {
      limit = JSON.parse(declared) as Partial<Limit>;
    } catch {
      return null; // written by a processor of another version: shown as unknown, not a 500
    }
    return limit.max && limit.windowMs ? { max: limit.max, windowMs: limit.windowMs } : null;
  };
  /** What the limiter would still admit right now. */
  const headroomOf = async (provider: string, limit: Limit | null) => {
    if (!limit) return null;
    const key = rateLimitKey(queuePrefix, provider);
    const used = Number(await redis.eval(IN_WINDOW, 1, key, limit.windowMs));
    return Math.max(0, limit.max - used);
  };

  return {
    async get(windowMinutes: number): Promise<ProvidersHealth> {
      const [readings, limits] = await Promise.all([
        readProviderStats(redis, queuePrefix, providers, windowMinutes),
        Promise.all(providers.map(limitOf)),
      ]);
      const headrooms = await Promise.all(
        providers.map((provider, i) => headroomOf(provider, limits[i] ?? null)),
      );
      return {
        at: new Date().toISOString(),
        window_minutes: windowMinutes,
        providers: readings.map((reading, i) => ({
          ...reading,
          served: reading.workers > 0,
          rate_limit: limits[i] ? { max: limits[i].max, per_ms: limits[i].windowMs } : null,
          headroom: headrooms[i] ?? null,
        })),
      };
    },
  };
}
export type ProviderHealthService = ReturnType<typeof providerHealthService>;
