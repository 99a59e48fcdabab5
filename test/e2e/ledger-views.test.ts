import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedNotificationSchema, notificationPageSchema, statsSchema } from '@notify/shared';
import { openLedger } from '@notify/shared/ledger';
import { buildNotification } from '../support/build-notification';
import { startPipeline, type Pipeline } from '../support/in-process-pipeline';

const SENT = 30;
const FAILED = 5;

/**
 * The ledger's counts and pages come from views in Redis, maintained with each transition.
 * They must agree exactly with the collection (the record), and be rebuilt from it when
 * Redis loses them.
 */
describe('the ledger’s views', () => {
  let pipeline: Pipeline;
  const stats = async () =>
    statsSchema.parse(await (await pipeline.api.get('/api/v1/stats')).json());
  const page = async (query: string) =>
    notificationPageSchema.parse(
      await (await pipeline.api.get(`/api/v1/notifications?${query}`)).json(),
    );

  beforeAll(async () => {
    pipeline = await startPipeline('ledger-views');
  }, 60_000);
  afterAll(() => pipeline?.stop());

  it('count exactly what the collection holds, by status and by type', async () => {
    await pipeline.mock.mode('success');
    const sent = await Promise.all(
      Array.from(
        { length: SENT },
        async () =>
          acceptedNotificationSchema.parse(
            await (await pipeline.api.post(buildNotification({ type: 'email' }))).json(),
          ).id,
      ),
    );
    for (const id of sent) await pipeline.waitForStatus(id, 'sent');
    await pipeline.mock.mode('bad_request');
    const failed: string[] = [];
    for (let i = 0; i < FAILED; i++) {
      failed.push(
        acceptedNotificationSchema.parse(
          await (await pipeline.api.post(buildNotification({ type: 'sms' }))).json(),
        ).id,
      );
    }
    for (const id of failed) await pipeline.waitForStatus(id, 'failed');

    const counted = await stats();
    const stored = pipeline.api.notifications;
    expect(counted.total).toBe(await stored.countDocuments({}));
    expect(counted.by_status.sent).toBe(await stored.countDocuments({ status: 'sent' }));
    expect(counted.by_status.failed).toBe(FAILED);
    expect(counted.by_type.sms).toBe(await stored.countDocuments({ type: 'sms' }));
    expect(
      counted.by_status.queued + counted.by_status.processing + counted.by_status.retrying,
    ).toBe(0);
  });

  it('page a status newest first, the cursor continuing where the page ended', async () => {
    const first = await page('status=sent&limit=10');
    expect(first.items).toHaveLength(10);
    const ids = first.items.map((row) => row.id);
    expect([...ids].sort().reverse()).toEqual(ids);
    const second = await page(`status=sent&limit=10&cursor=${first.next_cursor}`);
    expect(second.items[0]!.id < ids.at(-1)!).toBe(true);
    expect(
      (await page('type=sms&status=failed&limit=50')).items.map((r) => r.id).sort(),
    ).toHaveLength(FAILED);
  });

  it('are rebuilt from the collection by the audit after Redis lost them', async () => {
    const before = await stats();
    const redis = new Redis(pipeline.config.REDIS_URL);
    const viewKeys = await redis.keys(`{${pipeline.config.QUEUE_PREFIX}}:ledger:view:*`);
    expect(viewKeys.length).toBeGreaterThan(0);
    await redis.del(...viewKeys);
    expect((await stats()).total).toBe(0);

    const ledger = openLedger({
      connection: pipeline.api.notifications.db,
      redis,
      queuePrefix: pipeline.config.QUEUE_PREFIX,
      publish: () => undefined,
      logger: pino({ level: 'silent' }),
    });
    const report = await ledger.audit();
    await ledger.close();
    redis.disconnect();
    expect(report).toEqual({ examined: before.total, refiled: before.total });
    expect(await stats()).toEqual(before);
  });
});
