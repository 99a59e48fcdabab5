import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@notify/shared';
import { readProcessorConfig } from '../../processor/src/config';
import { startProcessor, type RunningProcessor } from '../../processor/src/processor-service';
import { startApp, type AppProcess } from '../../scripts/stack/platform';
import { buildNotification } from '../support/build-notification';
import { startInProcessApi, type InProcessApi } from '../support/in-process-api';
import { authHeaders, isolatedEnv } from '../support/test-env';
import { sampleValue, scrape, type Samples } from '../support/prometheus-text';

const DELIVERED = 5;

/**
 * The api and the processor on real Redis and MongoDB, mock-api as the provider: both
 * /metrics are scraped before and after traffic, and the figures must move by what was sent.
 */
describe('Prometheus metrics', () => {
  let mock: AppProcess;
  let api: InProcessApi;
  let processor: RunningProcessor;
  let apiMetrics: string;
  let processorMetrics: string;

  beforeAll(async () => {
    const env = isolatedEnv('metrics');
    mock = await startApp('mock-api', { LOG_LEVEL: 'warn' }, 'ignore');
    api = await startInProcessApi({ ...env, METRICS_PORT: '0' });
    processor = await startProcessor(
      readProcessorConfig({
        ...env,
        PORT: '0',
        HOST: '127.0.0.1',
        MOCK_API_URL: mock.url,
        RETRY_BASE_DELAY_MS: '50',
        RETRY_MAX_DELAY_MS: '500',
      }),
      createLogger('processor-test', 'silent'),
    );
    apiMetrics = api.metricsUrl!;
    processorMetrics = `http://127.0.0.1:${processor.healthPort}/metrics`;
    // Every send succeeds at once unless a recipient is scripted otherwise.
    const mode = await fetch(`${mock.url}/control/mode`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'success' }),
    });
    expect(mode.ok).toBe(true);
  });

  afterAll(async () => {
    await processor?.stop();
    await api?.stop();
    await mock?.process.stop();
  });

  it('counts intake, attempts, latencies and queue depth as traffic flows', async () => {
    const before = { api: await scrape(apiMetrics), processor: await scrape(processorMetrics) };
    const movedOnApi = (samples: Samples, outcome: string) =>
      sampleValue(samples, 'notify_intake_requests_total', { route: 'notification', outcome }) -
      sampleValue(before.api, 'notify_intake_requests_total', { route: 'notification', outcome });
    const movedOnProcessor = (samples: Samples, name: string, labels: Record<string, string>) =>
      sampleValue(samples, name, labels) - sampleValue(before.processor, name, labels);
    const statusOf = async (id: string) =>
      ((await (await api.get(`/api/v1/notifications/${id}`)).json()) as { status: string }).status;

    // One send fails once (500) before it succeeds; the first is also repeated by its key.
    const retried = buildNotification();
    const scripted = await fetch(`${mock.url}/control/outcomes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ recipient: retried.recipient, outcomes: ['error', 'success'] }),
    });
    expect(scripted.ok).toBe(true);
    const bodies = [retried, ...Array.from({ length: DELIVERED - 1 }, () => buildNotification())];
    const ids: string[] = [];
    for (const [index, body] of bodies.entries()) {
      const key: Record<string, string> = index === 0 ? { 'idempotency-key': randomUUID() } : {};
      const response = await api.post(body, key);
      expect(response.status).toBe(202);
      ids.push(((await response.json()) as { id: string }).id);
      if (index === 0) expect((await api.post(body, key)).status).toBe(202);
    }
    expect((await api.post({ type: 'sms' })).status).toBe(400);
    for (const id of ids) {
      await expect.poll(() => statusOf(id), { timeout: 20_000, interval: 100 }).toBe('sent');
    }

    const afterApi = await scrape(apiMetrics);
    expect(movedOnApi(afterApi, 'accepted')).toBe(DELIVERED);
    expect(movedOnApi(afterApi, 'replayed')).toBe(1);
    expect(movedOnApi(afterApi, 'rejected_4xx')).toBe(1);

    // The terminal event follows the stored status by a moment: poll the processor.
    const sentSms = { channel: 'sms', status: 'sent' };
    const terminal = 'notify_accept_to_terminal_seconds_count';
    await expect
      .poll(async () => movedOnProcessor(await scrape(processorMetrics), terminal, sentSms))
      .toBe(DELIVERED);
    const after = await scrape(processorMetrics);
    const attempts = 'notify_provider_attempts_total';
    const flaky = { provider: 'flaky' };
    expect(movedOnProcessor(after, attempts, { ...flaky, outcome: 'sent' })).toBe(DELIVERED);
    expect(movedOnProcessor(after, attempts, { ...flaky, outcome: 'transient' })).toBe(1);
    const latencies = 'notify_provider_attempt_duration_seconds_count';
    expect(movedOnProcessor(after, latencies, flaky)).toBe(DELIVERED + 1);
    expect(sampleValue(after, 'notify_breaker_state', flaky)).toBe(0);

    for (const samples of [afterApi, after]) {
      expect(sampleValue(samples, 'notify_queue_depth_up', flaky)).toBe(1);
      const states = samples
        .filter((s) => s.name === 'notify_queue_depth' && s.labels.provider === 'flaky')
        .map((s) => s.labels.state);
      expect(states.sort()).toEqual(['active', 'delayed', 'failed', 'prioritized', 'waiting']);
      expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
    }
  });

  it('serves the api figures only on the metrics listener, never on the public port', async () => {
    expect(new URL(apiMetrics).hostname).toBe('127.0.0.1');
    expect(new URL(apiMetrics).port).not.toBe(new URL(api.url).port);
    expect((await fetch(`${api.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${api.url}/metrics`, { headers: authHeaders })).status).toBe(404);
    // ...and the metrics listener serves nothing of the API.
    const origin = new URL(apiMetrics).origin;
    expect((await fetch(`${origin}/api/v1/notifications`, { headers: authHeaders })).status).toBe(
      404,
    );
  });
});
