import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';

/** A provider's request limit: at most `max` requests in any `windowMs`. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

/**
 * Admitted (counted at `at`, ms by Redis's clock; `room` more would be now), or how long until
 * the oldest request in the window leaves it.
 */
export type RateDecision =
  { admitted: true; room: number; at: number } | { admitted: false; waitMs: number };

/** Resolves when this process may send the provider's next request (and has counted it). */
export type SendGate = () => Promise<void>;

/**
 * One sorted set per provider: a member per admitted request, scored by Redis's clock in
 * microseconds. The script trims what left the window, then admits if fewer than `max` remain
 * (`take`), or only reports (`peek`). Redis's TIME, not the caller's, so replicas whose clocks
 * disagree still share one timeline; one key, so it is legal on a Redis Cluster. The key
 * expires a window after the newest request: an idle provider leaves nothing behind.
 * string.format('%d'): Lua would print a 16-digit number as 1.7e+15 and lose microseconds.
 */
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2]) * 1000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now - window))
local count = redis.call('ZCARD', KEYS[1])
if count < max then
  if ARGV[3] == 'take' then
    redis.call('ZADD', KEYS[1], string.format('%d', now), ARGV[4])
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    count = count + 1
  end
  return {1, max - count, now}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, math.ceil((tonumber(oldest[2]) + window - now) / 1000)}
`;

/**
 * A sliding-window log shared by every replica through Redis: at most `max` requests in ANY
 * `windowMs`, where a token bucket or fixed window lets 2 × max through across a boundary.
 * It costs one set member per request in the window, which the limits here (hundreds per
 * second at most) keep small.
 */
export function providerRateLimit(redis: Redis, key: string, limit: RateLimit) {
  // Unique per request: two admissions in one microsecond must not collapse into one member.
  const origin = randomBytes(4).toString('hex');
  let sequence = 0;
  const run = async (mode: 'take' | 'peek'): Promise<RateDecision> => {
    const [admitted, figure, at = 0] = (await redis.eval(
      SCRIPT,
      1,
      key,
      limit.max,
      limit.windowMs,
      mode,
      `${origin}-${(sequence += 1)}`,
    )) as [number, number, number?];
    return admitted === 1
      ? { admitted: true, room: figure, at: at / 1000 }
      : { admitted: false, waitMs: figure };
  };

  /** Admits one request now, or says how long until one could be: never waits. */
  const take = () => run('take');

  return {
    limit,
    take,
    /** Whether a request would be admitted now, and how many could be; admits none. */
    peek: () => run('peek'),
    /** Waits until this request is admitted; resolves with when it was, by Redis's clock. */
    async acquire(): Promise<number> {
      for (;;) {
        const decision = await take();
        if (decision.admitted) return decision.at;
        await sleep(decision.waitMs);
      }
    },
  };
}

export type ProviderRateLimit = ReturnType<typeof providerRateLimit>;
