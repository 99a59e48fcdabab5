import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { rateLimitKey } from '@notify/shared/provider-health';
import { providerRateLimit } from '../../src/delivery/provider-rate-limit';

/** The limiter on real Redis, as two replicas share it: one key, two connections. */
describe('the provider rate limiter', () => {
  let replicaA: Redis;
  let replicaB: Redis;
  beforeAll(() => {
    replicaA = new Redis(inject('redisUrl'));
    replicaB = new Redis(inject('redisUrl'));
  });
  afterAll(() => {
    replicaA.disconnect();
    replicaB.disconnect();
  });
  const key = () => rateLimitKey(`t-limit-${randomBytes(4).toString('hex')}`, 'flaky');
  /** Redis's clock in ms: what the limiter admits by. */
  const redisNow = async () => {
    const [seconds, micros] = await replicaA.time();
    return Number(seconds) * 1000 + Number(micros) / 1000;
  };

  it('never admits more than N in any window, whatever replica the callers are on', async () => {
    const limit = { max: 4, windowMs: 400 };
    const shared = key();
    const limiters = [replicaA, replicaB].map((redis) => providerRateLimit(redis, shared, limit));
    // 24 callers at once, half on each connection: six windows' worth, all contending.
    const admittedAt = await Promise.all(
      Array.from({ length: 24 }, (_, i) => limiters[i % 2]!.acquire()),
    );
    const sorted = admittedAt.sort((a, b) => a - b);
    // Any N + 1 consecutive admissions span at least a window: no window holds N + 1.
    for (let i = 0; i + limit.max < sorted.length; i += 1) {
      expect(sorted[i + limit.max]! - sorted[i]!).toBeGreaterThanOrEqual(limit.windowMs);
    }
    // And the limit was reached, not just respected: the first N went through together.
    expect(sorted[limit.max - 1]! - sorted[0]!).toBeLessThan(limit.windowMs / 2);
  });

  it('refuses a burst at the start of a fixed window after a burst at the end of the last', async () => {
    const limit = { max: 3, windowMs: 500 };
    const shared = key();
    const [limiter, other] = [replicaA, replicaB].map((r) => providerRateLimit(r, shared, limit));
    // 40 ms before a fixed window's boundary (by Redis's clock), N requests...
    const boundary = Math.ceil((await redisNow()) / limit.windowMs + 1) * limit.windowMs;
    await sleep(boundary - 40 - (await redisNow()));
    const late = await Promise.all(Array.from({ length: limit.max }, () => limiter!.take()));
    expect(late.every((d) => d.admitted)).toBe(true);
    // ...then N more just after it: a fixed window or a full token bucket would admit them all.
    await sleep(Math.max(boundary + 40 - (await redisNow()), 0));
    const early = await Promise.all(Array.from({ length: limit.max }, () => other!.take()));
    expect(early.map((d) => d.admitted)).toEqual([false, false, false]);
    // Each refusal says how long until the first of the late burst leaves the window.
    const waitMs = Math.max(...early.map((d) => (d.admitted ? 0 : d.waitMs)));
    expect(waitMs).toBeGreaterThan(limit.windowMs - 250);
    expect(waitMs).toBeLessThanOrEqual(limit.windowMs);
  });

  it('waits exactly as long as it says', async () => {
    const limit = { max: 2, windowMs: 300 };
    const limiter = providerRateLimit(replicaA, key(), limit);
    await limiter.take();
    await sleep(100);
    await limiter.take();
    const refused = await limiter.take();
    expect(refused.admitted).toBe(false);
    if (refused.admitted) return;
    await sleep(refused.waitMs);
    const [first, second] = [await limiter.take(), await limiter.take()];
    expect(first.admitted).toBe(true);
    // The second, 100 ms younger, is still in the window: only one place freed.
    expect(second.admitted).toBe(false);
  });

  it('peeks without taking a place', async () => {
    const limiter = providerRateLimit(replicaA, key(), { max: 1, windowMs: 1000 });
    for (let i = 0; i < 3; i += 1) expect(await limiter.peek()).toMatchObject({ admitted: true });
    expect(await limiter.take()).toMatchObject({ admitted: true, room: 0 });
    expect(await limiter.peek()).toMatchObject({ admitted: false });
  });

  it('keeps its key inside the queue prefix hash tag', () => {
    expect(rateLimitKey('notify', 'flaky-b')).toBe('{notify}:rate-limit:flaky-b');
    expect(rateLimitKey('{notify}-eu', 'flaky')).toBe('{notify}-eu:rate-limit:flaky');
  });
});
