import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedNotificationSchema,
  bulkReplayResultSchema,
  errorBodySchema,
  notificationPageSchema,
  type CampaignView,
} from '@notify/shared';
import { buildNotification } from '../../test/support/build-notification';
import {
  addressList,
  campaignNamed,
  filePartHead,
  rawUpload,
} from '../../test/support/campaign-raw-upload';
import { startPipeline, type Pipeline } from '../../test/support/in-process-pipeline';
import { authHeaders } from '../../test/support/test-env';

/** More than one import batch (500 rows), so some are stored before the upload breaks off. */
const ROWS = 600;

/**
 * Replaying dead letters must not revive those of an aborted campaign: they were stopped on
 * purpose (or by a broken upload), and would go out with whatever text they were left with.
 */
describe('replaying the notifications of an aborted campaign', () => {
  let pipeline: Pipeline;
  let campaign: CampaignView;
  let stored: number;
  let plainId: string;

  const post = (path: string, body?: unknown) =>
    fetch(`${pipeline.api.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const failedOfCampaign = () =>
    pipeline.api.notifications.countDocuments({ campaignId: campaign.id, status: 'failed' });

  beforeAll(async () => {
    pipeline = await startPipeline('replay-aborted');
  }, 60_000);
  afterAll(() => pipeline?.stop());

  it('starts from the dead letters of an aborted upload and an ordinary one', async () => {
    // A campaign whose upload breaks off once its first batch is stored: aborted.
    const name = 'broken-off.csv';
    const upload = rawUpload(pipeline.api.url);
    await upload.write(filePartHead(name) + addressList('stopped-', ROWS));
    await expect
      .poll(() => campaignNamed(pipeline.api.url, name), { timeout: 15_000 })
      .not.toBeNull();
    campaign = (await campaignNamed(pipeline.api.url, name))!;
    const storedRows = () => pipeline.api.notifications.countDocuments({ campaignId: campaign.id });
    await expect.poll(storedRows, { timeout: 15_000 }).toBeGreaterThan(0);
    upload.end();
    const answer = await upload.answer;
    expect('status' in answer && answer.status).toBe(400);
    await expect
      .poll(async () => (await campaignNamed(pipeline.api.url, name))?.status, { timeout: 15_000 })
      .toBe('aborted');
    campaign = (await campaignNamed(pipeline.api.url, name))!;
    stored = await storedRows();
    await expect.poll(failedOfCampaign, { timeout: 15_000 }).toBe(stored);

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
      skipped_aborted: stored,
    });
    expect(await failedOfCampaign()).toBe(stored);
    // The ordinary one was replayed: it went back to the provider (and failed again).
    const replayed = await pipeline.view(plainId);
    expect(replayed.replays).toHaveLength(1);
  });
});
