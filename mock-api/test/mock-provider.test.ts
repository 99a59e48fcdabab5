import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@notify/shared';
import { readMockConfig } from '../src/config';
import { startMockApi, type RunningMockApi } from '../src/mock-server';

let running: RunningMockApi[] = [];
afterEach(async () => {
  await Promise.all(running.map((m) => m.stop()));
  running = [];
});

async function start(env: Record<string, string> = {}) {
  const mock = await startMockApi(
    readMockConfig({ PORT: '0', HOST: '127.0.0.1', MOCK_SLOW_DELAY_MS: '20', ...env }),
    createLogger('mock-test', 'silent'),
  );
  running.push(mock);
  const call = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${mock.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  const send = (recipient = '+14155550123', headers: Record<string, string> = {}, message = 'hi') =>
    call('POST', '/send', { type: 'sms', recipient, message }, headers);
  const stats = async () => (await (await call('GET', '/stats')).json()) as Record<string, unknown>;
  return { mock, call, send, stats };
}

const statusSequence = async (send: () => Promise<Response>, n: number) => {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await send()).status);
  return statuses;
};

describe('the simulated provider', () => {
  it('answers health checks with the original status', async () => {
    const { call } = await start();
    expect(await (await call('GET', '/health')).json()).toMatchObject({ status: 'healthy' });
  });

  it('gives the same answers for the same seed', async () => {
    const a = await start({ MOCK_SEED: '99' });
    const b = await start({ MOCK_SEED: '99' });
    expect(await statusSequence(() => a.send(), 40)).toEqual(
      await statusSequence(() => b.send(), 40),
    );
  });

  it('keeps the original odds: 30% 429, 5% 500, 20% slow, the rest fast', async () => {
    const { send, stats } = await start({ MOCK_SEED: '2026', MOCK_SLOW_DELAY_MS: '1' });
    const n = 2000;
    for (let i = 0; i < n; i += 100) await Promise.all(Array.from({ length: 100 }, () => send()));
    const { outcomes } = (await stats()) as { outcomes: Record<string, number> };
    const share = (o: string) => (outcomes[o]! / n) * 100;
    expect(Math.abs(share('rate_limit') - 30)).toBeLessThan(4);
    expect(Math.abs(share('error') - 5)).toBeLessThan(2);
    expect(Math.abs(share('slow') - 20)).toBeLessThan(3);
    expect(Math.abs(share('success') - 45)).toBeLessThan(4);
  });

  it('answers each forced outcome with the original status and body', async () => {
    const { send } = await start();
    const force = async (outcome: string) => {
      const response = await send('+14155550123', { 'x-mock-outcome': outcome });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await force('rate_limit')).toEqual({
      status: 429,
      body: { error: 'Too Many Requests', message: 'Rate limit exceeded', retryAfter: 30 },
    });
    expect(await force('error')).toMatchObject({
      status: 500,
      body: {
        error: 'Internal Server Error',
        message: 'Something went wrong',
        errorId: expect.any(String),
      },
    });
    expect(await force('slow')).toMatchObject({
      status: 200,
      body: { success: true, message: 'Delayed response' },
    });
    expect(await force('success')).toMatchObject({
      status: 200,
      body: {
        success: true,
        message: 'Notification processed successfully',
        processedAt: expect.any(String),
      },
    });
    expect((await force('bad_request')).status).toBe(400);
  });

  it('plays a recipient’s script in order, then draws again', async () => {
    const { call, send } = await start({
      MOCK_RATE_LIMIT_PERCENT: '0',
      MOCK_ERROR_PERCENT: '0',
      MOCK_SLOW_PERCENT: '0',
    });
    await call('POST', '/control/outcomes', {
      recipient: '+1999',
      outcomes: ['error', 'rate_limit'],
    });
    expect(await statusSequence(() => send('+1999'), 3)).toEqual([500, 429, 200]);
  });

  it('forces every answer while a mode is set, until it is cleared', async () => {
    const { call, send } = await start({
      MOCK_RATE_LIMIT_PERCENT: '0',
      MOCK_ERROR_PERCENT: '0',
      MOCK_SLOW_PERCENT: '0',
    });
    await call('PUT', '/control/mode', { outcome: 'error' });
    expect(await statusSequence(() => send(), 3)).toEqual([500, 500, 500]);
    await call('PUT', '/control/mode', { outcome: null });
    expect((await send()).status).toBe(200);
  });

  it('counts a slow delivery even when the caller gave up waiting', async () => {
    const { mock, stats } = await start({ MOCK_SLOW_DELAY_MS: '300' });
    const aborted = await fetch(`${mock.url}/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mock-outcome': 'slow' },
      body: JSON.stringify({ type: 'sms', recipient: '+1555', message: 'late' }),
      signal: AbortSignal.timeout(50),
    }).catch((error: Error) => error);
    expect(aborted).toBeInstanceOf(Error);
    expect((await stats()).delivered).toBe(0);
    await expect.poll(async () => (await stats()).delivered, { timeout: 2000 }).toBe(1);
  });

  it('counts repeated identical deliveries as duplicates', async () => {
    const { send, stats } = await start();
    for (let i = 0; i < 3; i++) await send('+1777', { 'x-mock-outcome': 'success' }, 'same');
    await send('+1778', { 'x-mock-outcome': 'success' }, 'other');
    expect(await stats()).toMatchObject({ delivered: 4, unique: 2, duplicates: 2 });
  });

  it('reports the most requests that arrived within any window of the asked length', async () => {
    const { send, call } = await start({ MOCK_WINDOW_MS: '60000' });
    const windowStats = async (query = '') =>
      (await (await call('GET', `/stats${query}`)).json()) as Record<string, unknown>;
    await Promise.all([send('+1779'), send('+1780'), send('+1781')]);
    expect(await windowStats()).toMatchObject({ windowMs: 60_000, maxInWindow: 3 });
    // A window of 1 ms holds the requests that arrived within the same millisecond at most.
    const narrow = (await windowStats('?window=1')) as { maxInWindow: number };
    expect(narrow.maxInWindow).toBeLessThanOrEqual(3);
  });

  it('rejects bad bodies with a JSON 400 naming the field', async () => {
    const { call } = await start();
    const missing = await call('POST', '/send', { type: 'sms', recipient: '+1' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toContain('message');
    const malformed = await call('POST', '/send', '{"type":');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/json/);
  });
});

describe('its configuration', () => {
  it('refuses odds that add up to more than 100, naming the key', () => {
    expect(() => readMockConfig({ MOCK_SLOW_PERCENT: '90' })).toThrow(/MOCK_SLOW_PERCENT/);
  });
});
