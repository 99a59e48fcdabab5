import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { HttpError } from './http-error';
import { callerOf } from '../auth/require-scope';

export interface RateRule {
  /** Distinguishes the counters of different limits in Redis. */
  name: string;
  points: number;
  durationSeconds: number;
  /** Said in the 429: `More than ${points} requests ${per}`. */
  per: string;
}

/** Counts one request for `subject`: the RateLimit-* headers to send, or a 429 HttpError. */
export type ConsumeRate = (subject: string) => Promise<Record<string, string>>;

/**
 * A limit shared by every api replica through Redis, answering 429 with Retry-After and the
 * IETF RateLimit-* headers. If Redis fails, each replica counts on its own in memory
 * (the insurance limiter) until Redis is back: the limiter protects capacity, so neither a
 * 503 (a Redis blip would refuse every caller) nor no limit at all (a flood would pass
 * exactly when the platform is weakest) is the right answer; a per-replica limit is.
 */
export function rateLimiter(redis: Redis, keyPrefix: string, rule: RateRule): ConsumeRate {
  const options = { points: rule.points, duration: rule.durationSeconds };
  const limiter = new RateLimiterRedis({
    ...options,
    storeClient: redis,
    keyPrefix: `${keyPrefix}:${rule.name}`,
    // Straight to the insurance while disconnected, instead of waiting on a dead connection.
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(options),
  });
  const headers = (res: RateLimiterRes) => ({
    'RateLimit-Limit': String(rule.points),
    'RateLimit-Remaining': String(Math.max(res.remainingPoints, 0)),
    'RateLimit-Reset': String(Math.ceil(res.msBeforeNext / 1000)),
  });
  return async (subject) => {
    try {
      return headers(await limiter.consume(subject));
    } catch (result) {
      // Only if the in-memory fallback itself failed; it does not touch the network.
      if (!(result instanceof RateLimiterRes)) return {};
      throw new HttpError(
        429,
        'rate_limited',
        `More than ${rule.points} requests ${rule.per}; slow down`,
        undefined,
        {
          ...headers(result),
          'Retry-After': String(Math.max(1, Math.ceil(result.msBeforeNext / 1000))),
        },
      );
    }
  };
}

/** Per API key (per client address with auth disabled), after `require` has found the key. */
export function rateLimit(redis: Redis, keyPrefix: string, perSecond: number): RequestHandler {
  const consume = rateLimiter(redis, keyPrefix, {
    name: 'ratelimit',
    points: perSecond,
    durationSeconds: 1,
    per: 'a second',
  });
  return async (req, res, next) => {
    const subject = res.locals.apiKey ? `key:${callerOf(res.locals)}` : `ip:${req.ip ?? 'unknown'}`;
    res.set(await consume(subject));
    next();
  };
}
