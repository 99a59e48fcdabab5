import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, overviewSchema, readinessSchema } from '@notify/shared';
import { refreshWorker } from '@notify/shared/store';
import { readProcessorConfig } from '../../processor/src/config';
import { startProcessor, type RunningProcessor } from '../../processor/src/processor-service';
import { buildNotification } from '../../test/support/build-notification';
import { startInProcessApi, type InProcessApi } from '../../test/support/in-process-api';
import { isolatedEnv } from '../../test/support/test-env';

// The api routes e-mail to email-api, while the only processor runs flaky: the e-mail
// queue takes jobs that nobody will ever work on.
describe('queues without a worker', () => {
  const env = isolatedEnv('workers');
  let api: InProcessApi;
  let processor: RunningProcessor | undefined;
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(env.REDIS_URL);
    // The overview is cached for OVERVIEW_PUSH_MS - 50: 50 ms here, so polls see changes.
    api = await startInProcessApi({
      ...env,
      EMAIL_PROVIDER: 'email-api',
      SMS_PROVIDER: 'flaky',
      OVERVIEW_PUSH_MS: '100',
    });
    const config = readProcessorConfig({
      ...env,
      PORT: '0',
      HOST: '127.0.0.1',
      PROVIDERS: 'flaky',
      // Beats every 100 ms (gone after 300 ms), so the test can outlive several TTLs.
      WORKER_HEARTBEAT_MS: '100',
    });
    processor = await startProcessor(config, createLogger('processor-test', 'silent'));
  });
  afterAll(async () => {
    await processor?.stop();
    await api.stop();
    redis.disconnect();
  });

  const overview = async () =>
    overviewSchema.parse(await (await api.get('/api/v1/overview')).json());
  const queueOf = async (provider: string) =>
    (await overview()).queues.find((q) => q.provider === provider);
  const ready = async () => {
    const response = await api.get('/ready', {});
    return { status: response.status, body: readinessSchema.parse(await response.json()) };
  };
  const warnedProviders = async () => (await ready()).body.warnings.map((w) => w.provider);

  it('shows 0 workers for the unserved queue and warns on /ready, which stays 200', async () => {
    expect((await api.post(buildNotification({ type: 'email' }))).status).toBe(202);
    await expect.poll(async () => (await queueOf('email-api'))?.waiting).toBe(1);

    expect(await queueOf('email-api')).toMatchObject({ waiting: 1, workers: 0 });
    expect(await queueOf('flaky')).toMatchObject({ workers: 1 });
    const { status, body } = await ready();
    expect(status).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.warnings).toEqual([
      {
        queue: 'delivery-email-api',
        provider: 'email-api',
        message: expect.stringContaining('No processor serves provider email-api') as string,
      },
    ]);
  });

  it('keeps a live processor registered long past its heartbeat TTL', async () => {
    // Ten TTLs of 300 ms: only the heartbeat can keep it counted.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await queueOf('flaky')).toMatchObject({ workers: 1 });
    expect(await warnedProviders()).toEqual(['email-api']);
  });

  it('drops the warning while a processor serves the queue, and restores it once its heartbeat expires', async () => {
    // A processor that registered once and then died without unregistering (kill -9).
    await refreshWorker(redis, env.QUEUE_PREFIX, 'email-api', 'dead-host-1-abc123', 1500);
    expect(await warnedProviders()).toEqual([]);
    await expect.poll(async () => (await queueOf('email-api'))?.workers).toBe(1);

    await expect.poll(warnedProviders, { timeout: 5000, interval: 100 }).toEqual(['email-api']);
    expect(await queueOf('email-api')).toMatchObject({ waiting: 1, workers: 0 });
  });

  it('unregisters a processor the moment it stops gracefully', async () => {
    await processor?.stop();
    // The default heartbeat: left registered, it would count for another 15 s.
    processor = await startProcessor(
      readProcessorConfig({ ...env, PORT: '0', HOST: '127.0.0.1', PROVIDERS: 'flaky' }),
      createLogger('processor-test', 'silent'),
    );
    expect(await warnedProviders()).toEqual(['email-api']);

    await processor.stop();
    processor = undefined;
    expect((await warnedProviders()).sort()).toEqual(['email-api', 'flaky']);
  });
});
