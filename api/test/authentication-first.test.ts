import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '@notify/shared';
import { startRedis, type RedisServer } from '../../scripts/stack/infrastructure';
import { buildNotification } from '../../test/support/build-notification';
import { startInProcessApi, type InProcessApi } from '../../test/support/in-process-api';
import { authHeaders, isolatedEnv } from '../../test/support/test-env';

const LIMIT = 3;
const errorOf = async (response: Response) => errorBodySchema.parse(await response.json()).error;

/** POSTs a notification as a stranger (no key, or a wrong one) from `address`, if trusted. */
const strangerPost = (api: InProcessApi, headers: Record<string, string>, body?: BodyInit) =>
  fetch(`${api.url}/api/v1/notifications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body ?? JSON.stringify(buildNotification()),
  });

describe('a caller without a valid key', () => {
  let api: InProcessApi;
  beforeAll(async () => {
    api = await startInProcessApi({
      ...isolatedEnv('auth-first'),
      UNAUTHENTICATED_RATE_LIMIT_PER_MINUTE: '1000',
    });
  });
  afterAll(() => api.stop());

  it('gets 401 before the body is read: neither 413 for a huge body nor 400 for bad JSON', async () => {
    const huge = `{"type": "sms", "message": "${'x'.repeat(2 * 1024 * 1024)}`;
    const strangers: Record<string, string>[] = [{}, { authorization: 'Bearer nk_wrong' }];
    for (const headers of strangers) {
      const response = await strangerPost(api, headers, huge);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await errorOf(response)).toBe('unauthorized');
    }
    const corrupt = await strangerPost(api, { 'content-encoding': 'gzip' }, 'not gzip');
    expect(corrupt.status).toBe(401);
  });

  it('still reaches the parser with a valid key, which answers 413 and 400', async () => {
    const huge = `{"message": "${'x'.repeat(2 * 1024 * 1024)}"}`;
    expect((await strangerPost(api, authHeaders, huge)).status).toBe(413);
    expect((await strangerPost(api, authHeaders, '{"type":')).status).toBe(400);
    const gzip = new Uint8Array(gzipSync(JSON.stringify(buildNotification())));
    const valid = await strangerPost(api, { ...authHeaders, 'content-encoding': 'gzip' }, gzip);
    expect(valid.status).toBe(202);
  });
});

describe('the limit on callers without a valid key', () => {
  const start = (trustProxy: string, redisUrl?: string) =>
    startInProcessApi({
      ...isolatedEnv('strangers'),
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      UNAUTHENTICATED_RATE_LIMIT_PER_MINUTE: String(LIMIT),
      TRUST_PROXY: trustProxy,
    });
  const exhaust = async (api: InProcessApi, headers: Record<string, string> = {}) => {
    for (let i = 0; i < LIMIT; i += 1) {
      expect((await strangerPost(api, headers)).status).toBe(401);
    }
    return strangerPost(api, headers);
  };

  it('answers 429 with Retry-After and RateLimit headers per client address', async () => {
    const api = await start('1');
    try {
      const client = { 'x-forwarded-for': '203.0.113.7' };
      const limited = await exhaust(api, client);
      expect(limited.status).toBe(429);
      expect(await errorOf(limited)).toBe('rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(limited.headers.get('ratelimit-limit')).toBe(String(LIMIT));
      expect(limited.headers.get('ratelimit-remaining')).toBe('0');
      // Another address behind the trusted proxy is another client...
      expect((await strangerPost(api, { 'x-forwarded-for': '203.0.113.8' })).status).toBe(401);
      // ...and a valid key from the limited address is not a stranger at all.
      expect((await strangerPost(api, { ...client, ...authHeaders })).status).toBe(202);
    } finally {
      await api.stop();
    }
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY trusts a proxy', async () => {
    const api = await start('0');
    try {
      await exhaust(api, { 'x-forwarded-for': '198.51.100.1' });
      const spoofed = await strangerPost(api, { 'x-forwarded-for': '198.51.100.2' });
      expect(spoofed.status).toBe(429);
    } finally {
      await api.stop();
    }
  });

  it('keeps limiting, never answering 500, while Redis is down', async () => {
    const redis: RedisServer = await startRedis();
    const api = await start('0', redis.url);
    try {
      await redis.process.stop();
      const limited = await exhaust(api);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).not.toBeNull();
    } finally {
      await api.stop();
      await redis.stop();
    }
  });
});
