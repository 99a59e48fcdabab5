import { Redis } from 'ioredis';
import {
  createLogger,
  eventsChannel,
  notificationViewSchema,
  statusEventSchema,
  type NotificationStatus,
  type NotificationView,
  type StatusEvent,
} from '@notify/shared';
import { expect } from 'vitest';
import { readProcessorConfig } from '../../processor/src/config';
import { startProcessor } from '../../processor/src/processor-service';
import { startApp } from '../../scripts/stack/platform';
import { startInProcessApi } from './in-process-api';
import { isolatedEnv } from './test-env';

export type MockOutcome = 'success' | 'slow' | 'rate_limit' | 'error' | 'bad_request';

/**
 * api and processor in this process (fast to start, easy to tune), mock-api as its own
 * process, all on the run's real Redis and MongoDB-wire servers. Retry delays are shortened;
 * everything else is the production code path.
 */
export async function startPipeline(
  label: string,
  processorEnv: Record<string, string> = {},
  mockEnv: Record<string, string> = {},
) {
  const env = isolatedEnv(label);
  const mock = await startApp('mock-api', { LOG_LEVEL: 'warn', ...mockEnv }, 'ignore');
  const api = await startInProcessApi(env);
  const config = readProcessorConfig({
    ...env,
    PORT: '0',
    HOST: '127.0.0.1',
    MOCK_API_URL: mock.url,
    RETRY_BASE_DELAY_MS: '50',
    RETRY_MAX_DELAY_MS: '500',
    RATE_LIMIT_JITTER_MS: '100',
    ...processorEnv,
  });
  const processor = await startProcessor(config, createLogger('processor-test', 'silent'));

  const events: StatusEvent[] = [];
  const subscriber = new Redis(env.REDIS_URL);
  await subscriber.subscribe(eventsChannel(env.QUEUE_PREFIX));
  subscriber.on('message', (_channel, payload: string) => {
    events.push(statusEventSchema.parse(JSON.parse(payload)));
  });

  const mockCall = (method: string, path: string, body: unknown) =>
    fetch(`${mock.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((response) => expect(response.ok).toBe(true));

  const view = async (id: string): Promise<NotificationView> =>
    notificationViewSchema.parse(await (await api.get(`/api/v1/notifications/${id}`)).json());

  return {
    api,
    config,
    events,
    mock: {
      url: mock.url,
      script: (recipient: string, outcomes: MockOutcome[]) =>
        mockCall('POST', '/control/outcomes', { recipient, outcomes }),
      mode: (outcome: MockOutcome | null) => mockCall('PUT', '/control/mode', { outcome }),
      stats: async () =>
        (await (await fetch(`${mock.url}/stats`)).json()) as {
          requests: number;
          delivered: number;
          duplicates: number;
        },
    },
    view,
    async waitForStatus(id: string, status: NotificationStatus, timeout = 20_000) {
      await expect
        .poll(async () => (await view(id)).status, { timeout, interval: 100 })
        .toBe(status);
      return view(id);
    },
    async stop() {
      subscriber.disconnect();
      await processor.stop();
      await api.stop();
      await mock.process.stop();
    },
  };
}
export type Pipeline = Awaited<ReturnType<typeof startPipeline>>;
