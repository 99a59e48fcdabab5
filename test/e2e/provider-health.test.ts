import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, providersHealthSchema, type ProviderHealth } from '@notify/shared';
import { readProcessorConfig } from '../../processor/src/config';
import { startProcessor, type RunningProcessor } from '../../processor/src/processor-service';
import { startApp } from '../../scripts/stack/platform';
import { buildNotification } from '../support/build-notification';
import { startInProcessApi, type InProcessApi } from '../support/in-process-api';
import { isolatedEnv } from '../support/test-env';

type Mock = Awaited<ReturnType<typeof startApp>>;

/**
 * The api routes e-mail to the e-mail API and SMS to flaky; the one processor serves flaky
 * only, so the e-mail API is routed but served by nobody. The mock's random outcomes are
 * off: each figure below is the one the test caused.
 */
describe('GET /api/v1/providers', () => {
  let mock: Mock;
  let api: InProcessApi;
  let processor: RunningProcessor;

  const mockCall = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${mock.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.ok).toBe(true);
  };
  const panel = async () => {
    const response = await api.get('/api/v1/providers');
    expect(response.status).toBe(200);
    return providersHealthSchema.parse(await response.json());
  };
  const row = async (provider: string): Promise<ProviderHealth | undefined> =>
    (await panel()).providers.find((p) => p.provider === provider);
  const send = async (recipient: string) => {
    const response = await api.post(buildNotification({ type: 'sms', recipient }));
    expect(response.status).toBe(202);
  };

  beforeAll(async () => {
    const env = isolatedEnv('provider-health');
    mock = await startApp(
      'mock-api',
      {
        LOG_LEVEL: 'warn',
        MOCK_RATE_LIMIT_PERCENT: '0',
        MOCK_ERROR_PERCENT: '0',
        MOCK_SLOW_PERCENT: '0',
      },
      'ignore',
    );
    api = await startInProcessApi({ ...env, EMAIL_PROVIDER: 'email-api', SMS_PROVIDER: 'flaky' });
    const config = readProcessorConfig({
      ...env,
      PORT: '0',
      HOST: '127.0.0.1',
      SMS_PROVIDER: 'flaky',
      MOCK_API_URL: mock.url,
      RETRY_BASE_DELAY_MS: '50',
      RETRY_MAX_DELAY_MS: '200',
      // Three calls, half failed, open it: the second phase needs an open breaker quickly.
      BREAKER_VOLUME_THRESHOLD: '3',
      // Far above this test's calls: the panel shows the limit and what is left of it.
      PROVIDER_RATE_LIMITS: 'flaky:1000/60000',
      PROVIDER_RATE_LIMIT_MARGIN_MS: '0',
    });
    processor = await startProcessor(config, createLogger('processor-test', 'silent'));
  });
  afterAll(async () => {
    await processor?.stop();
    await api?.stop();
    await mock?.process.stop();
  });

  it('counts calls, success rate and p95, and shows a provider nobody serves', async () => {
    const before = await row('flaky');
    expect(before).toMatchObject({ requests: 0, success_rate: null, p95_latency_ms: null });
    expect(before).toMatchObject({ served: true, workers: 1 });
    expect(before?.breaker).toEqual({ state: 'closed', open: 0, half_open: 0, replicas: 1 });
    expect(before).toMatchObject({ rate_limit: { max: 1000, per_ms: 60_000 }, headroom: 1000 });

    // One recipient fails once (500) before it is delivered: 11 calls, 10 of them sent.
    await mockCall('POST', '/control/outcomes', {
      recipient: '+14155550100',
      outcomes: ['error'],
    });
    for (let i = 0; i < 10; i++) await send(`+141555501${String(i).padStart(2, '0')}`);

    await expect.poll(async () => (await row('flaky'))?.sent, { timeout: 20_000 }).toBe(10);
    const after = (await row('flaky'))!;
    expect(after).toMatchObject({ requests: 11, sent: 10, failed: 1, rate_limited: 0 });
    expect(after.success_rate).toBeCloseTo(10 / 11);
    expect(after.p95_latency_ms).toBeGreaterThan(0);
    // Every call took its turn under the limit, the retried one too.
    expect(after.headroom).toBe(1000 - 11);

    const unserved = await row('email-api');
    expect(unserved).toMatchObject({ served: false, workers: 0, requests: 0 });
    expect(unserved).toMatchObject({ rate_limit: null, headroom: null });
    expect(unserved?.breaker).toEqual({ state: 'closed', open: 0, half_open: 0, replicas: 0 });
  });

  it("reports a processor's open breaker with the count of processors that opened it", async () => {
    await mockCall('PUT', '/control/mode', { outcome: 'error' });
    for (let i = 0; i < 5; i++) await send(`+141555502${String(i).padStart(2, '0')}`);
    await expect
      .poll(async () => (await row('flaky'))?.breaker, { timeout: 20_000 })
      .toEqual({ state: 'open', open: 1, half_open: 0, replicas: 1 });
    await mockCall('PUT', '/control/mode', { outcome: null });
  });

  it('refuses a window longer than the stats are kept', async () => {
    expect((await api.get('/api/v1/providers?minutes=61')).status).toBe(400);
    expect((await panel()).window_minutes).toBe(5);
  });
});
