import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedNotificationSchema,
  bulkReplayResultSchema,
  CAMPAIGN_PRIORITY,
  errorBodySchema,
  notificationPageSchema,
  type CampaignView,
} from '@notify/shared';
import { newNotification, openLedger } from '@notify/shared/ledger';
import { buildNotification } from '../../test/support/build-notification';
import {
  addressList,
  campaignNamed,
  filePartHead,
  rawUpload,
} from '../../test/support/campaign-raw-upload';
import { startPipeline, type Pipeline } from '../../test/support/in-process-pipeline';
import { authHeaders } from '../../test/support/test-env';

/** The rows of the broken upload, and the legacy notifications made for them. */
const ROWS = 5;

/**
 * Replaying dead letters must not revive those of an aborted campaign: they were stopped on
 * purpose (or by a broken upload), and would go out with whatever text they were left with.
 */
describe('replaying the notifications of an aborted campaign', () => {
  let pipeline: Pipeline;
  let campaign: CampaignView;
  let plainId: string;

  const post = (path: string, body?: unknown) =>
    fetch(`${pipeline.api.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const failedOfCampaign = () =>
    pipeline.api.notifications.countDocuments({ campaignId: campaign.id, status: 'failed' });

  /**
   * Legacy data. Releases before the campaign cursor made a notification of each row as the
   * file was read (stored, filed, queued), and an abort failed the unsent ones. An aborted
   * upload makes no notification now, but a store may still hold such rows, and a replay
   * must not revive them. They are made here by the ledger's own writes, as those releases
   * did: stored and queued, then failed by the ledger's campaign cancel (or by the running
   * processor's campaign gate, should it take one first: same outcome, same reason).
   */
  const legacyAbortedRows = async () => {
    const { MONGODB_URI, REDIS_URL, QUEUE_PREFIX } = pipeline.config;
    const mongo = await mongoose.createConnection(MONGODB_URI).asPromise();
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const ledger = openLedger({
      connection: mongo,
      redis,
      queuePrefix: QUEUE_PREFIX,
      publish: () => undefined,
      logger: pino({ level: 'silent' }),
    });
    try {
      const { provider, subject, body } = (await pipeline.api.campaigns.findById(campaign.id))!;
      const rows = Array.from({ length: ROWS }, (_, i) =>
        newNotification({
          _id: uuidv7(),
          type: 'email',
          recipient: `stopped-${i}@example.com`,
          subject,
          message: body,
          campaignId: campaign.id,
          provider,
          tokenNonce: randomBytes(16).toString('base64url'),
          priority: CAMPAIGN_PRIORITY,
        }),
      );
      expect(await ledger.accept.storeNew(rows)).toBe(ROWS);
      await ledger.cancelCampaign(campaign.id, campaign.abort_reason!);
    } finally {
      await ledger.close();
      redis.disconnect();
      await mongo.close();
    }
  };

  beforeAll(async () => {
    pipeline = await startPipeline('replay-aborted');
  }, 60_000);
  afterAll(() => pipeline?.stop());

  it('starts from the dead letters an older release left of an aborted upload, and an ordinary one', async () => {
    // A campaign whose upload breaks off: aborted, and (in this release) no notification.
    const name = 'broken-off.csv';
    const upload = rawUpload(pipeline.api.url);
    await upload.write(filePartHead(name) + addressList('stopped-', ROWS));
    await expect
      .poll(() => campaignNamed(pipeline.api.url, name), { timeout: 15_000 })
      .not.toBeNull();
    upload.end();
    const answer = await upload.answer;
    expect('status' in answer && answer.status).toBe(400);
    await expect
      .poll(async () => (await campaignNamed(pipeline.api.url, name))?.status, { timeout: 15_000 })
      .toBe('aborted');
    campaign = (await campaignNamed(pipeline.api.url, name))!;
    expect(await pipeline.api.notifications.countDocuments({ campaignId: campaign.id })).toBe(0);

    // Its rows as an older release left them: failed with the abort's reason.
    await legacyAbortedRows();
    await expect.poll(failedOfCampaign, { timeout: 15_000 }).toBe(ROWS);
    for (const doc of await pipeline.api.notifications.find({ campaignId: campaign.id }).lean())
      expect(doc.lastError).toBe(`campaign aborted: ${campaign.abort_reason}`);

    // And an ordinary dead letter: the provider refuses it for good.
    await pipeline.mock.mode('bad_request');
    const response = await post('/api/v1/notifications', buildNotification());
    plainId = acceptedNotificationSchema.parse(await response.json()).id;
    await pipeline.waitForStatus(plainId, 'failed');
  });

  it('refuses a single replay with 409 naming the reason', async () => {
    const page = notificationPageSchema.parse(
      await (
        await pipeline.api.get(`/api/v1/notifications?campaign_id=${campaign.id}&limit=1`)
      ).json(),
    );
    const [row] = page.items;
    expect(row?.status).toBe('failed');
    const response = await post(`/api/v1/notifications/${row!.id}/retry`);
    expect(response.status).toBe(409);
    const body = errorBodySchema.parse(await response.json());
    expect(body.error).toBe('campaign_aborted');
    expect(body.message).toContain(campaign.abort_reason!);
    expect((await pipeline.view(row!.id)).status).toBe('failed');
  });

  it('skips and counts them in a bulk replay, and replays the rest', async () => {
    const response = await post('/api/v1/notifications/retry', {});
    expect(response.status).toBe(202);
    expect(bulkReplayResultSchema.parse(await response.json())).toEqual({
      replayed: 1,
      skipped_aborted: ROWS,
    });
    expect(await failedOfCampaign()).toBe(ROWS);
    // The ordinary one was replayed: it went back to the provider (and failed again).
    const replayed = await pipeline.view(plainId);
    expect(replayed.replays).toHaveLength(1);
  });
});
