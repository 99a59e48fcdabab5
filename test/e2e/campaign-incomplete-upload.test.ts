import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignView } from '@notify/shared';
import {
  addressList,
  campaignNamed,
  filePartHead,
  rawUpload,
} from '../support/campaign-raw-upload';
import { startCampaignStack, type CampaignStack } from '../support/campaign-stack';

/** More than one recipient chunk (1,000 rows), so one is stored while the upload still runs. */
const ROWS = 1200;
const FIRST_CHUNK = 1000;

/**
 * Uploads that never complete, through the real api, processor and mock e-mail API: the
 * import stores recipient chunks as the file is read, and the processor's campaign cursor
 * must never turn them into notifications unless the import completes. When it does not,
 * the processor removes them instead ("retire"), and nothing of the file is ever sent.
 */
describe('a campaign upload that never completes', () => {
  let stack: CampaignStack;
  beforeAll(async () => {
    stack = await startCampaignStack('campaign-incomplete', {
      mockWindowMs: 10,
      processorWindowMs: 10,
      processorMarginMs: 20,
      tokenTtlSeconds: 1800,
      // Beats every 300 ms, and a processor calls an import dead after 10 s without one: far
      // above a beat, because on a loaded machine one write to the embedded store can wait
      // seconds for SQLite's lock, and a live import must not be taken for a dead one.
      apiEnv: { CAMPAIGN_HEARTBEAT_MS: '300' },
      processorEnv: { CAMPAIGN_IMPORT_STALE_MS: '10000' },
    });
  }, 120_000);
  afterAll(() => stack?.stop());

  const api = () => stack.platform.api.url;
  const chunksOf = (campaign: CampaignView) =>
    stack.recipientChunks.countDocuments({ campaignId: campaign.id });

  /** Writes the first rows of a file, keeps the connection open, and waits for a chunk. */
  const stalledUpload = async (name: string) => {
    const upload = rawUpload(api());
    await upload.write(filePartHead(name) + addressList(`${name}-`, ROWS));
    await expect.poll(() => campaignNamed(api(), name), { timeout: 15_000 }).not.toBeNull();
    const campaign = (await campaignNamed(api(), name))!;
    // The first chunk is stored and counted on the campaign (its `queued`) while the file is
    // still open: there is something a careless processor could send.
    await expect
      .poll(async () => (await stack.campaign(campaign.id)).queued, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(FIRST_CHUNK);
    expect(await chunksOf(campaign)).toBeGreaterThan(0);
    expect((await stack.campaign(campaign.id)).status).toBe('importing');
    return { upload, campaign };
  };

  /**
   * Not a sleep: the wait is for the processor's retire, which removes the campaign's stored
   * chunks only after its gate found the campaign aborted. That proves the processor looked
   * at the campaign and chose not to feed it; and since only the cursor makes a campaign's
   * notifications, none exists, so the provider's log read afterwards is final.
   */
  const expectNothingDelivered = async (name: string, campaign: CampaignView, reason: RegExp) => {
    await expect
      .poll(async () => (await stack.campaign(campaign.id)).status, { timeout: 30_000 })
      .toBe('aborted');
    await expect.poll(() => chunksOf(campaign), { timeout: 60_000, interval: 250 }).toBe(0);
    const aborted = await stack.campaign(campaign.id);
    expect(aborted.abort_reason).toMatch(reason);
    expect(aborted).toMatchObject({ sent: 0, failed: 0, cancelled: 0, in_progress: 0 });
    expect(aborted.queued).toBeGreaterThanOrEqual(FIRST_CHUNK);
    expect(aborted.not_dispatched).toBe(aborted.queued);
    expect(await stack.notifications.countDocuments({ campaignId: campaign.id })).toBe(0);

    const addresses = new Set(Array.from({ length: ROWS }, (_, i) => `${name}-${i}@example.com`));
    const delivered = (await stack.acceptedEmails()).filter((e) => addresses.has(e.to));
    expect(delivered).toEqual([]);
  };

  it('aborts with its reason when the client goes away mid-upload, and delivers none of it', async () => {
    const { upload, campaign } = await stalledUpload('vanishing');
    upload.vanish();
    await expectNothingDelivered('vanishing', campaign, /did not complete/);
  }, 180_000);

  it('aborts a body that ends before its closing boundary, and delivers none of it', async () => {
    const { upload, campaign } = await stalledUpload('truncated');
    upload.end();
    expect(await upload.answer).toMatchObject({ status: 400 });
    await expectNothingDelivered('truncated', campaign, /closing boundary/);
  }, 180_000);

  it('aborts an import whose api died mid-file once its heartbeat is stale, and removes its recipients unsent', async () => {
    const { campaign } = await stalledUpload('orphaned');
    await stack.platform.api.process.kill();
    await stack.platform.api.restart();
    await expectNothingDelivered('orphaned', campaign, /stopped reporting progress/);
  }, 180_000);
});
