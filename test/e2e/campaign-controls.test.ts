import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  campaignViewSchema,
  deliveryQueueName,
  eventsChannel,
  type CampaignView,
  type NotificationSummary,
} from '@notify/shared';
import { startCampaignStack, type CampaignStack } from '../support/campaign-stack';
import { authHeaders } from '../support/test-env';

const ROWS = 30;

/**
 * Pause, resume and cancel through api, queue, processor and the mock e-mail API, at one send
 * per 300 ms. What the processor did is read from the ledger's status events (a notification
 * handed back unsent shows as processing → retrying with no attempt) and from the mock's own
 * record of what it received, never from a sleep.
 */
describe('a campaign paused, resumed and cancelled while it sends', () => {
  let stack: CampaignStack;
  let subscriber: Redis;
  let queue: Queue;
  let campaignId: string;
  const events: NotificationSummary[] = [];

  const post = async (action: string, id = campaignId) =>
    fetch(`${stack.platform.api.url}/api/v1/campaigns/${id}/${action}`, {
      method: 'POST',
      headers: authHeaders,
    });
  const control = async (action: string): Promise<CampaignView> => {
    const response = await post(action);
    expect(response.status).toBe(200);
    return campaignViewSchema.parse(await response.json());
  };
  const ours = (from: number) => events.slice(from).filter((e) => e.campaign_id === campaignId);
  /** Handed back by the campaign gate: moved to retrying without an attempt being made. */
  const handBacks = (from: number) =>
    ours(from).filter((e) => e.status === 'retrying' && e.attempt_count === 0);
  const accepted = async () => (await stack.acceptedEmails()).length;

  beforeAll(async () => {
    stack = await startCampaignStack('campaign-controls', {
      mockWindowMs: 100,
      processorWindowMs: 100,
      processorMarginMs: 200,
      tokenTtlSeconds: 1800,
    });
    const { REDIS_URL, QUEUE_PREFIX } = stack.platform.api.env as Record<string, string>;
    subscriber = new Redis(REDIS_URL!);
    subscriber.on('message', (_channel, message: string) => {
      const event = JSON.parse(message) as { kind: string; notification?: NotificationSummary };
      if (event.kind === 'notification.status' && event.notification) {
        events.push(event.notification);
      }
    });
    await subscriber.subscribe(eventsChannel(QUEUE_PREFIX!));
    queue = new Queue(deliveryQueueName('email-api'), {
      connection: new Redis(REDIS_URL!, { maxRetriesPerRequest: null }),
      prefix: QUEUE_PREFIX!,
    });
  }, 120_000);
  afterAll(async () => {
    await queue?.close();
    subscriber?.disconnect();
    await stack?.stop();
  });

  it('pauses: the processor hands the jobs back unsent, and nothing more is sent', async () => {
    const rows = Array.from({ length: ROWS }, (_, i) => `member${i}@example.com`);
    campaignId = (await stack.upload(`email\n${rows.join('\n')}\n`)).id;
    await expect
      .poll(async () => (await stack.campaign(campaignId)).sent, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(3);

    const pausedAt = events.length;
    expect((await control('pause')).status).toBe('paused');
    // Two hand-backs: the gate has seen the pause, and a send begun before it has landed.
    await expect.poll(() => handBacks(pausedAt).length, { timeout: 20_000 }).toBeGreaterThan(1);
    const settled = events.length;
    const sentBefore = await accepted();
    // Four more jobs had their turn and were handed back: none was sent meanwhile.
    await expect.poll(() => handBacks(settled).length, { timeout: 20_000 }).toBeGreaterThan(3);
    expect(ours(settled).filter((e) => e.status === 'sent')).toEqual([]);
    expect(await accepted()).toBe(sentBefore);
    const paused = await stack.campaign(campaignId);
    expect(paused).toMatchObject({ status: 'paused', sent: sentBefore, failed: 0 });
    // Handed back, not failed: no attempt was recorded for any of them.
    const stored = await stack.notifications.find({ campaignId }).lean();
    expect(stored.flatMap((n) => n.attempts)).toHaveLength(sentBefore);
  }, 90_000);

  it('resumes: the rest goes out again', async () => {
    const before = (await stack.campaign(campaignId)).sent;
    expect((await control('resume')).status).toBe('sending');
    await expect
      .poll(async () => (await stack.campaign(campaignId)).sent, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(before + 3);
    // Measured over the minute since the import: every send so far counts (one may land
    // between the two reads of the same answer).
    const { sent, sent_per_minute: rate } = await stack.campaign(campaignId);
    expect(rate).toBeGreaterThanOrEqual(sent - 1);
  }, 40_000);

  it('cancels: the unsent end cancelled, none is sent after, and the counts add up', async () => {
    const cancelled = await control('cancel');
    const answeredAt = Date.now();
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.cancelled).toBeGreaterThan(0);

    // Every job of the campaign had its turn: the queue holds none any more.
    await expect
      .poll(
        async () => {
          const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
          return Object.values(counts).reduce((sum, n) => sum + n, 0);
        },
        { timeout: 30_000 },
      )
      .toBe(0);
    const final = await stack.campaign(campaignId);
    expect(final).toMatchObject({ status: 'cancelled', failed: 0, in_progress: 0 });
    expect(final.sent + final.cancelled).toBe(ROWS);
    const emails = await stack.acceptedEmails();
    expect(emails).toHaveLength(final.sent);
    for (const email of emails) expect(Date.parse(email.at)).toBeLessThanOrEqual(answeredAt);
    const stored = await stack.notifications.find({ campaignId }).lean();
    for (const n of stored.filter((doc) => doc.status === 'cancelled')) {
      expect(n.attempts).toEqual([]);
      expect(n.sentAt).toBeNull();
    }
    expect(stored.filter((doc) => doc.status === 'cancelled')).toHaveLength(final.cancelled);
  }, 60_000);

  it('stays cancelled: resume and pause answer 409, cancel again changes nothing', async () => {
    for (const action of ['resume', 'pause']) {
      const response = await post(action);
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({ error: 'campaign_state' });
    }
    const again = await control('cancel');
    expect(again).toMatchObject({ status: 'cancelled' });
    expect(again.sent + again.cancelled).toBe(ROWS);
  });

  it('is skipped by "retry all failed" and refused by a single retry', async () => {
    const base = stack.platform.api.url;
    const before = await stack.campaign(campaignId);
    const bulk = await fetch(`${base}/api/v1/notifications/retry`, {
      method: 'POST',
      headers: { ...authHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ campaign_id: campaignId, limit: 100 }),
    });
    expect(bulk.status).toBe(202);
    expect(await bulk.json()).toMatchObject({ replayed: 0 });
    const one = await stack.notifications.findOne({ campaignId, status: 'cancelled' }).lean();
    const single = await fetch(`${base}/api/v1/notifications/${one!._id}/retry`, {
      method: 'POST',
      headers: authHeaders,
    });
    expect(single.status).toBe(409);
    expect(await single.json()).toMatchObject({ error: 'not_failed' });
    expect(await stack.campaign(campaignId)).toMatchObject({
      sent: before.sent,
      cancelled: before.cancelled,
      in_progress: 0,
    });
  });
});
