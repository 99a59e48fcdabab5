import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { HttpError } from './http-error';
import { callerOf } from '../auth/require-scope';

/**
 * Per API key (per client IP for anonymous callers), shared by every api replica through
 * Redis. Answers 429 with Retry-After and the IETF RateLimit-* headers. If Redis itself
 * fails, the request goes through: the limiter protects capacity, it is not a gate.
 */
export function rateLimit(redis: Redis, keyPrefix: string, perSecond: number): RequestHandler {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${keyPrefix}:ratelimit`,
    points: perSecond,
    duration: 1,
  });
  const headers = (res: RateLimiterRes) => ({
    'RateLimit-Limit': String(perSecond),
    'RateLimit-Remaining': String(Math.max(res.remainingPoints, 0)),
    'RateLimit-Reset': String(Math.ceil(res.msBeforeNext / 1000)),
  });
  return async (req, res, next) => {
    const subject = res.locals.apiKey ? `key:${callerOf(res.locals)}` : `ip:${req.ip ?? 'unknown'}`;
    try {
      res.set(headers(await limiter.consume(subject)));
    } catch (result) {
      if (!(result instanceof RateLimiterRes)) return next();
      throw new HttpError(
        429,
        'rate_limited',
        `More than ${perSecond} requests a second; slow down`,
        undefined,
        {
          ...headers(result),
          'Retry-After': String(Math.max(1, Math.ceil(result.msBeforeNext / 1000))),
        },
      );
    }
    next();
  };
}
