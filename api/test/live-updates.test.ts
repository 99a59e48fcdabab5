import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventsChannel,
  notificationsPushSchema,
  overviewSchema,
  SOCKET_EVENTS,
  type NotificationSummary,
  type StatusEvent,
} from '@notify/shared';
import { breakersKey } from '@notify/shared/store';
import { startInProcessApi, type InProcessApi } from '../../test/support/in-process-api';
import { authHeaders, isolatedEnv, TEST_API_KEY } from '../../test/support/test-env';

const summary = (overrides: Partial<NotificationSummary> = {}): NotificationSummary => ({
  id: randomUUID(),
  type: 'sms',
  recipient: '+14155550123',
  campaign_id: randomUUID(),
  status: 'processing',
  attempt_count: 0,
  last_error: null,
  created_at: new Date().toISOString(),
  updated_at: new Date().toISOString(),
  ...overrides,
});

describe('live updates over Socket.IO', () => {
  const env = isolatedEnv('live');
  let replicas: InProcessApi[];
  let publisher: Redis;
  const sockets: Socket[] = [];
  const publish = (event: StatusEvent) =>
    publisher.publish(eventsChannel(env.QUEUE_PREFIX), JSON.stringify(event));

  beforeAll(async () => {
    publisher = new Redis(env.REDIS_URL);
    await publisher.hset(
      breakersKey(env.QUEUE_PREFIX),
      'flaky',
      JSON.stringify({ state: 'open', since: new Date().toISOString() }),
    );
    // Two api replicas on the same Redis: each must relay every event to its own clients.
    replicas = [await startInProcessApi(env), await startInProcessApi(env)];
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await Promise.all(replicas.map((r) => r.stop()));
    publisher.disconnect();
  });

  const connect = async (url: string) => {
    const socket = io(url, { transports: ['websocket'], auth: { token: TEST_API_KEY } });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const pushes: NotificationSummary[][] = [];
    socket.on(SOCKET_EVENTS.notifications, (payload: unknown) => {
      pushes.push(notificationsPushSchema.parse(payload).items);
    });
    return pushes;
  };

  it('relays a status change to the clients of every replica', async () => {
    const [first, second] = [await connect(replicas[0]!.url), await connect(replicas[1]!.url)];
    const row = summary({ status: 'sent' });
    await publish({ kind: 'notification.status', notification: row });
    for (const pushes of [first, second]) {
      await expect.poll(() => pushes.flat().map((r) => r.id)).toContain(row.id);
    }
  });

  it('coalesces a burst: about ten pushes a second, only the newest state of each row', async () => {
    const pushes = await connect(replicas[0]!.url);
    const rows = Array.from({ length: 100 }, () => summary());
    const started = Date.now();
    // 1,000 changes in about a second: 10 rounds over the same 100 rows.
    for (let round = 0; round < 10; round++) {
      const at = new Date(started + round).toISOString();
      await Promise.all(
        rows.map((row) =>
          publish({
            kind: 'notification.status',
            notification: {
              ...row,
              attempt_count: round,
              updated_at: at,
              status: round === 9 ? 'sent' : 'retrying',
            },
          }),
        ),
      );
      await new Promise((r) => setTimeout(r, 100));
    }
    await expect
      .poll(() => pushes.flat().filter((r) => r.status === 'sent').length, { timeout: 5000 })
      .toBe(100);
    const elapsedS = (Date.now() - started) / 1000;
    expect(pushes.length).toBeLessThanOrEqual(Math.ceil(elapsedS * 10) + 2);
    for (const push of pushes) expect(new Set(push.map((r) => r.id)).size).toBe(push.length);
    const latest = new Map(pushes.flat().map((r) => [r.id, r]));
    expect([...latest.values()].every((r) => r.attempt_count === 9)).toBe(true);
  });

  it('serves the overview with counters, queue depth, breaker state and throughput', async () => {
    await publish({ kind: 'notification.status', notification: summary({ status: 'failed' }) });
    await expect
      .poll(
        async () => {
          const overview = overviewSchema.parse(
            await (await replicas[0]!.get('/api/v1/overview')).json(),
          );
          return overview.throughput.reduce((n, p) => n + p.failed, 0);
        },
        { timeout: 5000 },
      )
      .toBeGreaterThan(0);
    const overview = overviewSchema.parse(
      await (await replicas[1]!.get('/api/v1/overview')).json(),
    );
    expect(overview.breakers).toMatchObject([{ provider: 'flaky', state: 'open' }]);
    expect(overview.queues).toMatchObject([
      { provider: 'flaky', waiting: 0, active: 0, delayed: 0, failed: 0 },
    ]);
    expect(overview.throughput).toHaveLength(300);
  });
});

describe('retrying a failed notification', () => {
  let api: InProcessApi;
  beforeAll(async () => {
    api = await startInProcessApi(isolatedEnv('retry'));
  });
  afterAll(() => api.stop());

  const storeWithStatus = async (status: 'failed' | 'sent') => {
    const id = randomUUID();
    await api.notifications.create({
      _id: id,
      type: 'sms',
      recipient: '+14155550123',
      message: 'hello',
      campaignId: randomUUID(),
      provider: 'flaky',
      status,
      lastError: status === 'failed' ? 'gave up after 8 failed attempts: HTTP 500' : null,
    });
    return id;
  };
  const retry = (id: string) =>
    fetch(`${api.url}/api/v1/notifications/${id}/retry`, { method: 'POST', headers: authHeaders });

  it('re-queues it under a new job, recording who asked and when', async () => {
    const id = await storeWithStatus('failed');
    const response = await retry(id);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ id, status: 'queued' });
    const stored = await api.notifications.findById(id).lean();
    expect(stored?.status).toBe('queued');
    expect(stored?.replays).toHaveLength(1);
    expect(stored?.replays[0]?.by).toBe('tests');
    expect((await api.queue.getJob(`${id}-r1`))?.data).toEqual({ notificationId: id });
  });

  it('refuses one that is not failed with 409, and an unknown one with 404', async () => {
    expect((await retry(await storeWithStatus('sent'))).status).toBe(409);
    expect((await retry(randomUUID())).status).toBe(404);
  });
});
