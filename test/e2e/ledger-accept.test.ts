import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryQueueName } from '@notify/shared';
import { newNotification, openLedger } from '@notify/shared/ledger';
import { startPipeline, type Pipeline } from '../support/in-process-pipeline';

const COUNT = 60;
// Its own prefix: the pipeline's processor must not take these jobs before they are counted.
const PREFIX = 'accept-drain';

/**
 * The intake answers once the insert is durable and files and queues afterwards. A process
 * that stops right after answering must still queue what it answered for.
 */
describe('accepting notifications', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline('ledger-accept');
  }, 60_000);
  afterAll(() => pipeline?.stop());

  it('queues every answered notification before the ledger closes', async () => {
    const redis = new Redis(pipeline.config.REDIS_URL, { maxRetriesPerRequest: null });
    const ledger = openLedger({
      connection: pipeline.api.notifications.db,
      redis,
      queuePrefix: PREFIX,
      publish: () => undefined,
      logger: pino({ level: 'silent' }),
    });
    const ids = Array.from({ length: COUNT }, () => uuidv7());
    await Promise.all(
      ids.map((id) =>
        ledger.accept.one(
          newNotification({
            _id: id,
            type: 'sms',
            recipient: '+14155550100',
            message: 'drain',
            campaignId: 'drain',
            provider: 'flaky',
          }),
        ),
      ),
    );
    await ledger.close();

    const queue = new Queue(deliveryQueueName('flaky'), { prefix: PREFIX, connection: redis });
    try {
      expect(await queue.getWaitingCount()).toBe(COUNT);
      expect(await pipeline.api.notifications.countDocuments({ _id: { $in: ids } })).toBe(COUNT);
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });
});
