import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  epochMinute,
  latencyField,
  outcomeField,
  PROVIDER_BREAKERS_TTL_S,
  PROVIDER_STATS_TTL_S,
  providerBreakersKey,
  providerStatsKey,
} from '@notify/shared/provider-health';
import type { AttemptResult } from './attempt-result';
import type { ProviderBreaker } from './provider-breaker';

/**
 * Writes what the providers panel reads (GET /api/v1/providers): each provider call into
 * its minute's hash, and this processor's breaker state per provider. Best effort: a stats
 * write is one pipelined round trip nobody waits for, and a failed one is logged, never
 * allowed to fail or slow a delivery.
 */
export function providerStatsRecorder(
  redis: Redis,
  queuePrefix: string,
  instanceId: string,
  logger: Logger,
) {
  // A pipeline resolves with each command's own error rather than rejecting on it.
  const settle = (writes: Promise<[Error | null, unknown][] | null>, what: object) =>
    void writes
      .then((results) => {
        const failed = results?.find(([error]) => error)?.[0];
        if (failed) throw failed;
      })
      .catch((error: unknown) => {
        logger.warn({ err: error, ...what }, 'provider stats not written');
      });

  return {
    /** One call that reached the provider, classified as its attempt is recorded. */
    attempt(provider: string, result: AttemptResult): void {
      const key = providerStatsKey(queuePrefix, provider, epochMinute(Date.now()));
      const pipeline = redis
        .pipeline()
        .hincrby(key, outcomeField(result.outcome), 1)
        .hincrby(key, latencyField(result.latencyMs), 1)
        .expire(key, PROVIDER_STATS_TTL_S);
      settle(pipeline.exec(), { provider });
    },
    /** Keeps this processor's verdict on `provider` where every api replica can read it. */
    watchBreaker(provider: string, breaker: ProviderBreaker): void {
      const key = providerBreakersKey(queuePrefix, provider);
      const write = (state: 'open' | 'half_open' | 'closed') =>
        settle(
          redis.pipeline().hset(key, instanceId, state).expire(key, PROVIDER_BREAKERS_TTL_S).exec(),
          { provider, state },
        );
      breaker.on('open', () => write('open'));
      breaker.on('halfOpen', () => write('half_open'));
      breaker.on('close', () => write('closed'));
    },
  };
}
export type ProviderStatsRecorder = ReturnType<typeof providerStatsRecorder>;
