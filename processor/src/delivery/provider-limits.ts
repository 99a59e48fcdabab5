import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Channel } from '@notify/shared';
import type { ProcessorConfig } from '../config';
import { providerLimitKey, rateLimitKey } from '@notify/shared/provider-health';
import { providerRateLimit, type ProviderRateLimit } from './provider-rate-limit';
import { enforcedRateLimits } from './rate-limit-settings';

/**
 * Every provider's rate limit as this processor applies it, built once from the config. A
 * limiter exists for each limited provider, served here or not, so routing can ask any
 * provider of a chain whether it has room (every replica must be given the same limits).
 */
export function providerLimits(redis: Redis, config: ProcessorConfig) {
  const limiters = new Map<string, ProviderRateLimit>(
    [...enforcedRateLimits(config)].map(([name, limit]) => [
      name,
      providerRateLimit(redis, rateLimitKey(config.QUEUE_PREFIX, name), limit),
    ]),
  );
  const chains: Record<Channel, readonly string[]> = {
    email: config.EMAIL_PROVIDERS,
    sms: config.SMS_PROVIDERS,
  };
  const spills = (channel: Channel): boolean =>
    (channel === 'email'
      ? config.EMAIL_ROUTING === 'round-robin' || config.EMAIL_SPILLOVER
      : config.SMS_ROUTING === 'round-robin' || config.SMS_SPILLOVER) && chains[channel].length > 1;

  return {
    limiterFor: (provider: string) => limiters.get(provider),
    spills,
    async hasRoom(provider: string): Promise<boolean> {
      const limiter = limiters.get(provider);
      return !limiter || (await limiter.peek()).admitted;
    },
    /** For a request that leaves long after the handler's turn (email-api); waits for one. */
    sendGate: (provider: string) => async () => {
      await limiters.get(provider)?.acquire();
    },
    /**
     * BullMQ's global rate limit on the queue (kept in Redis, so it binds every replica) paces
     * job starts at the provider's limit, so idle workers do not each claim a notification and
     * then sit waiting their turn with its lease held; the campaign ETA reads the pace from it.
     * Not on a provider whose notifications may spill over: a job held back in the queue never
     * starts, so it could never move to a provider with room. There the limiter alone decides.
     */
    async paceQueue(provider: string, queue: Queue): Promise<void> {
      const limit = limiters.get(provider)?.limit;
      const spilling = (['email', 'sms'] as const).some(
        (channel) => spills(channel) && chains[channel].includes(provider),
      );
      if (limit && !spilling) await queue.setGlobalRateLimit(limit.max, limit.windowMs);
      else await queue.removeGlobalRateLimit();
      // Declared for the providers panel, which shows the limit and what is left of it.
      const declared = providerLimitKey(config.QUEUE_PREFIX, provider);
      if (limit) await redis.set(declared, JSON.stringify(limit));
      else await redis.del(declared);
    },
  };
}

export type ProviderLimits = ReturnType<typeof providerLimits>;
