import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryQueueName } from '@notify/shared';
import { startCampaignStack, type CampaignStack } from '../support/campaign-stack';

const ROWS = 2500;
const address = (i: number) => `feed-crash-${i}@example.com`;

/**
 * kill -9 of the processor while its campaign cursor is feeding a 2,500-row campaign (three
 * chunks) through the e-mail API at up to 200/s: the restarted processor picks the cursor up where
 * the chunks left say it stopped, and every recipient gets exactly one e-mail, apart from calls
 * the dead process had in flight.
 */
describe('a campaign whose processor is killed while it is being fed', () => {
  let stack: CampaignStack;
  let redis: Redis;
  let queue: Queue;
  beforeAll(async () => {
    stack = await startCampaignStack('campaign-feed-crash', {
      mockWindowMs: 2,
      processorWindowMs: 2,
      processorMarginMs: 3,
      tokenTtlSeconds: 60,
    });
    const { REDIS_URL, QUEUE_PREFIX } = stack.platform.processor.env;
    redis = new Redis(REDIS_URL!, { maxRetriesPerRequest: null });
    queue = new Queue(deliveryQueueName('email-api'), { prefix: QUEUE_PREFIX, connection: redis });
  }, 120_000);
  afterAll(async () => {
    await queue?.close();
    redis?.disconnect();
    await stack?.stop();
  });

  it('sends every recipient once after the restart, and leaves no chunk behind', async () => {
    const csv = ['email', ...Array.from({ length: ROWS }, (_, i) => address(i))].join('\n');
    const campaign = await stack.upload(csv, 'feed-crash.csv');
    expect(campaign).toMatchObject({ queued: ROWS, not_dispatched: ROWS });

    // Sending the first chunk, the second queued behind it (fed at the first send below the
    // 1,000 low-water mark), the third still only recipients: the cursor has more to feed.
    await expect
      .poll(async () => (await stack.campaign(campaign.id)).sent, { timeout: 60_000 })
      .toBeGreaterThan(50);
    const activeAtKill = await queue.getActiveCount();
    await stack.platform.processor.process.kill();
    const atKill = await stack.campaign(campaign.id);
    expect(atKill.not_dispatched).toBeGreaterThan(0);
    await stack.platform.processor.restart();

    await expect
      .poll(async () => (await stack.campaign(campaign.id)).status, { timeout: 120_000 })
      .toBe('completed');
    const done = await stack.campaign(campaign.id);
    expect(done).toMatchObject({ sent: ROWS, failed: 0, in_progress: 0, not_dispatched: 0 });
    expect(await stack.notifications.countDocuments({ campaignId: campaign.id })).toBe(ROWS);
    expect(
      await stack.recipientChunks.countDocuments({
        _id: { $in: [0, 1, 2].map((seq) => `${campaign.id}:${seq}`) },
      }),
    ).toBe(0);
    const stats = await stack.emailStats();
    expect(stats.uniqueRecipients).toBe(ROWS);
    // Only a call the killed process had in flight may have gone out twice.
    expect(stats.duplicates).toBeLessThanOrEqual(activeAtKill);
    console.info('campaign feed kill -9:', { sentAtKill: atKill.sent, activeAtKill, ...stats });
  }, 240_000);
});
