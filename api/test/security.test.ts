import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, errorBodySchema, maskRecipient } from '@notify/shared';
import { readApiConfig } from '../../api/src/config';
import { startApi, type RunningApi } from '../../api/src/api-server';
import { buildNotification } from '../../test/support/build-notification';
import { isolatedEnv } from '../../test/support/test-env';

const hash = (key: string) => createHash('sha256').update(key).digest('hex');
const WRITER = 'nk_writer_0123456789abcdef';
const READER = 'nk_reader_0123456789abcdef';

describe('the api’s doors', () => {
  let api: RunningApi;
  const logLines: string[] = [];
  beforeAll(async () => {
    const env = isolatedEnv('security');
    const config = readApiConfig({
      ...env,
      PORT: '0',
      HOST: '127.0.0.1',
      API_KEYS: `writer:read+write:${hash(WRITER)},reader:read:${hash(READER)}`,
      RATE_LIMIT_PER_SECOND: '5',
      CORS_ORIGINS: 'https://ops.example.com',
    });
    // The api's real logger, writing into memory, so the test can read what it logs.
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    api = await startApi(config, createLogger('api', 'debug', sink));
  });
  afterAll(() => api.stop());

  const post = (headers: Record<string, string>, body: unknown = buildNotification()) =>
    fetch(`${api.url}/api/v1/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const errorOf = async (response: Response) => errorBodySchema.parse(await response.json()).error;

  it('refuses a write without a key, or with a wrong one, with a JSON 401', async () => {
    const none = await post({});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await errorOf(none)).toBe('unauthorized');
    expect((await post({ authorization: 'Bearer nk_nope' })).status).toBe(401);
    expect((await fetch(`${api.url}/api/v1/notifications`)).status).toBe(401);
  });

  it('refuses a write with a read-only key with a JSON 403, and lets it read', async () => {
    const response = await post({ authorization: `Bearer ${READER}` });
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toBe('forbidden');
    const replay = await fetch(`${api.url}/api/v1/notifications/retry`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': READER },
      body: '{}',
    });
    expect(replay.status).toBe(403);
    expect(
      (await fetch(`${api.url}/api/v1/stats`, { headers: { 'x-api-key': READER } })).status,
    ).toBe(200);
  });

  it('accepts the key as a Bearer token or as X-API-Key', async () => {
    expect((await post({ authorization: `Bearer ${WRITER}` })).status).toBe(202);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await post({ 'x-api-key': WRITER })).status).toBe(202);
  });

  it('limits each key’s rate with 429, Retry-After and RateLimit headers', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => post({ 'x-api-key': WRITER })),
    );
    const limited = answers.filter((r) => r.status === 429);
    expect(answers.filter((r) => r.status === 202)).toHaveLength(5);
    expect(limited).toHaveLength(3);
    expect(limited[0]?.headers.get('retry-after')).toBe('1');
    expect(limited[0]?.headers.get('ratelimit-limit')).toBe('5');
    expect(limited[0]?.headers.get('ratelimit-remaining')).toBe('0');
    expect(await errorOf(limited[0]!)).toBe('rate_limited');
  });

  it('sends security headers and allows only the configured browser origin', async () => {
    const response = await fetch(`${api.url}/health`, {
      headers: { origin: 'https://ops.example.com' },
    });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('access-control-allow-origin')).toBe('https://ops.example.com');
    const stranger = await fetch(`${api.url}/health`, {
      headers: { origin: 'https://evil.example.com' },
    });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('never lets a query-string operator reach MongoDB', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const headers = { 'x-api-key': READER };
    for (const query of [
      'recipient[$ne]=x',
      'status[$gt]=',
      'campaign_id[$regex]=.*',
      '__proto__[admin]=1',
    ]) {
      const response = await fetch(`${api.url}/api/v1/notifications?${query}`, { headers });
      expect(response.status, query).toBe(400);
    }
  });

  it('refuses a socket without a valid key and accepts one with a read key', async () => {
    const attempt = (token?: string) =>
      new Promise<string>((resolve) => {
        const socket = io(api.url, {
          transports: ['websocket'],
          auth: token ? { token } : {},
          reconnection: false,
        });
        socket.on('connect', () => {
          socket.disconnect();
          resolve('connected');
        });
        socket.on('connect_error', (error) => resolve(error.message));
      });
    expect(await attempt()).toBe('unauthorized');
    expect(await attempt('nk_nope')).toBe('unauthorized');
    expect(await attempt(READER)).toBe('connected');
  });

  it('logs each accepted notification once, with its id, and neither keys nor full recipients', async () => {
    const recipient = '+14155550177';
    await new Promise((r) => setTimeout(r, 1100));
    const response = await post(
      { authorization: `Bearer ${WRITER}` },
      buildNotification({ recipient }),
    );
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    await fetch(`${api.url}/api/v1/notifications?recipient=${encodeURIComponent(recipient)}`, {
      headers: { 'x-api-key': READER },
    });
    const all = logLines.join('');
    const lines = all.split('\n').filter((line) => line.includes(id));
    expect(lines.filter((line) => line.includes('notification accepted'))).toHaveLength(1);
    const accepted = lines.find((line) => line.includes('notification accepted'))!;
    expect(accepted).toContain(maskRecipient(recipient));
    expect(all).not.toContain(WRITER);
    expect(all).not.toContain(READER);
    expect(all).not.toContain(recipient);
    expect(all).not.toContain('4155550177');
  });
});

describe('starting the api', () => {
  it('refuses to start with no API keys unless auth is explicitly disabled', () => {
    const env = { MONGODB_URI: 'mongodb://127.0.0.1/x', REDIS_URL: 'redis://127.0.0.1' };
    expect(() => readApiConfig(env)).toThrow(/API_KEYS/);
    expect(() => readApiConfig({ ...env, API_KEYS: 'bad-entry' })).toThrow(/API_KEYS/);
    expect(readApiConfig({ ...env, AUTH_DISABLED: 'true' }).AUTH_DISABLED).toBe(true);
  });
});
