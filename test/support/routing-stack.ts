import { createLogger, notificationViewSchema, type NotificationView } from '@notify/shared';
import { expect } from 'vitest';
import { readProcessorConfig } from '../../processor/src/config';
import { startProcessor } from '../../processor/src/processor-service';
import { freePort } from '../../scripts/stack/free-port';
import { startApp } from '../../scripts/stack/platform';
import { buildNotification } from './build-notification';
import { startInProcessApi } from './in-process-api';
import { isolatedEnv } from './test-env';

type Outcome = 'success' | 'slow' | 'error' | null;
interface ProviderStats {
  requests: number;
  delivered: number;
  duplicates: number;
}

/**
 * SMS routed over the chain flaky → flaky-b: mock-api (both simulated providers, each its own
 * listener and /stats) as a process, api and processor in this one, on the run's real Redis
 * and MongoDB-wire servers. The mock's random failures are off: each test steers outcomes.
 */
export async function startRoutingStack(
  label: string,
  routing: Record<string, string>,
  processorEnv: Record<string, string> = {},
  mockEnv: Record<string, string> = {},
) {
  const env = { ...isolatedEnv(label), SMS_PROVIDERS: 'flaky,flaky-b', ...routing };
  const flakyBPort = await freePort();
  const mock = await startApp(
    'mock-api',
    {
      LOG_LEVEL: 'warn',
      MOCK_RATE_LIMIT_PERCENT: '0',
      MOCK_ERROR_PERCENT: '0',
      MOCK_SLOW_PERCENT: '0',
      MOCK_FLAKY_B_PORT: String(flakyBPort),
      ...mockEnv,
    },
    'ignore',
  );
  const urls = { flaky: mock.url, 'flaky-b': `http://127.0.0.1:${flakyBPort}` };
  const api = await startInProcessApi(env);
  const config = readProcessorConfig({
    ...env,
    PORT: '0',
    HOST: '127.0.0.1',
    PROVIDERS: 'flaky,flaky-b',
    MOCK_API_URL: urls.flaky,
    FLAKY_B_URL: urls['flaky-b'],
    RETRY_BASE_DELAY_MS: '50',
    RETRY_MAX_DELAY_MS: '200',
    ...processorEnv,
  });
  const processor = await startProcessor(config, createLogger('processor-test', 'silent'));

  const view = async (id: string): Promise<NotificationView> =>
    notificationViewSchema.parse(await (await api.get(`/api/v1/notifications/${id}`)).json());
  type Provider = keyof typeof urls;

  return {
    view,
    /** The in-process processor and its config: a test can start a second replica from it. */
    processor,
    processorConfig: config,
    async send(recipient: string): Promise<string> {
      const response = await api.post(buildNotification({ type: 'sms', recipient }));
      expect(response.status).toBe(202);
      return ((await response.json()) as { id: string }).id;
    },
    async mode(provider: Provider, outcome: Outcome) {
      const response = await fetch(`${urls[provider]}/control/mode`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ outcome }),
      });
      expect(response.ok).toBe(true);
    },
    stats: async (provider: Provider) =>
      (await (await fetch(`${urls[provider]}/stats`)).json()) as ProviderStats,
    /** Recipients each provider delivered to, as the provider itself counted them. */
    async deliveredTo(provider: Provider): Promise<string[]> {
      const body = (await (await fetch(`${urls[provider]}/stats/deliveries`)).json()) as {
        deliveries: { recipient: string }[];
      };
      return body.deliveries.map((d) => d.recipient);
    },
    async waitUntilFinished(ids: string[], timeout = 30_000): Promise<NotificationView[]> {
      // Only the unfinished are asked again, one at a time: the api's per-key rate limit.
      const finished = new Map<string, NotificationView>();
      await expect
        .poll(
          async () => {
            for (const id of ids.filter((i) => !finished.has(i))) {
              const current = await view(id);
              if (current.status === 'sent' || current.status === 'failed') {
                finished.set(id, current);
              }
            }
            return ids.length - finished.size;
          },
          { timeout, interval: 250 },
        )
        .toBe(0);
      return ids.map((id) => finished.get(id)!);
    },
    async stop() {
      await processor.stop();
      await api.stop();
      await mock.process.stop();
    },
  };
}
