import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '@notify/shared';
import {
  databaseUri,
  startFerretDb,
  startRedis,
  type MongoWireServer,
  type RedisServer,
} from '../../scripts/stack/infrastructure';
import { buildNotification } from '../../test/support/build-notification';
import { startInProcessApi, type InProcessApi } from '../../test/support/in-process-api';

// Servers of this file's own, since it stops them.
describe('while a dependency is down', () => {
  let redis: RedisServer;
  let mongo: MongoWireServer;
  let api: InProcessApi;
  beforeAll(async () => {
    [redis, mongo] = await Promise.all([startRedis(), startFerretDb()]);
    api = await startInProcessApi({
      REDIS_URL: redis.url,
      MONGODB_URI: databaseUri(mongo.uri, 'outage'),
      MONGODB_TIMEOUT_MS: '500',
    });
  });
  afterAll(async () => {
    await api.stop();
    await Promise.all([redis.stop(), mongo.stop()]);
  });

  const expect503 = async (response: Response) => {
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(errorBodySchema.parse(await response.json()).error).toBe('service_unavailable');
  };

  it('answers 503 with Retry-After while Redis is away, stores nothing, and recovers', async () => {
    await redis.process.stop();
    await new Promise((r) => setTimeout(r, 200));
    await expect503(await api.post(buildNotification()));
    expect((await api.get('/ready')).status).toBe(503);
    expect((await api.get('/health')).status).toBe(200);
    expect(await api.notifications.countDocuments()).toBe(0);

    await redis.restart();
    await expect.poll(async () => (await api.get('/ready')).status, { timeout: 10_000 }).toBe(200);
    expect((await api.post(buildNotification())).status).toBe(202);
  });

  it('answers 503 with Retry-After while MongoDB is away, and recovers', async () => {
    await mongo.process?.stop();
    await expect503(await api.post(buildNotification()));
    await expect503(await api.get('/api/v1/notifications'));
    expect((await api.get('/ready')).status).toBe(503);

    await mongo.restart();
    await expect
      .poll(async () => (await api.post(buildNotification())).status, {
        timeout: 15_000,
        interval: 500,
      })
      .toBe(202);
  });
});
