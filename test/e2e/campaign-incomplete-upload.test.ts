import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignView } from '@notify/shared';
import { buildNotification } from '../support/build-notification';
import {
  addressList,
  campaignNamed,
  filePartHead,
  rawUpload,
} from '../support/campaign-raw-upload';
import { startCampaignStack, type CampaignStack } from '../support/campaign-stack';
import { authHeaders } from '../support/test-env';

/** More than one import batch (500 rows), so rows are stored while the upload still runs. */
const ROWS = 600;

/**
 * Uploads that never complete, through the real api, processor and mock e-mail API: rows are
 * stored and queued as the file is read, and the processor must hold every one of them back
 * until the import completes, and cancel them all when it does not.
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

  /** Writes the first rows of a file, keeps the connection open, and waits for the import. */
  const stalledUpload = async (name: string) => {
    const upload = rawUpload(api());
    await upload.write(filePartHead(name) + addressList(`${name}-`, ROWS));
    await expect.poll(() => campaignNamed(api(), name), { timeout: 15_000 }).not.toBeNull();
    const campaign = (await campaignNamed(api(), name))!;
    // The processor took some of its rows while the file was still open and gave them back
    // unsent: the gate is what keeps them from going out, not a lack of opportunity.
    await expect
      .poll(
        () =>
          stack.notifications.countDocuments({
            campaignId: campaign.id,
            status: 'retrying',
            attemptCount: 0,
          }),
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    expect(await stack.notifications.countDocuments({ campaignId: campaign.id })).toBeGreaterThan(
      0,
    );
    return { upload, campaign };
  };

  /**
   * Not a sleep: every row reaches `failed` (final; a claim never sends a failed row), and
   * a one-off e-mail posted afterwards to the same provider is delivered, so the processor
   * had its chance at everything queued before it. Only then is the provider's log read.
   */
  const expectNothingDelivered = async (campaign: CampaignView, reason: RegExp) => {
    await expect
      .poll(async () => (await stack.campaign(campaign.id)).status, { timeout: 30_000 })
      .toBe('aborted');
    const aborted = await stack.campaign(campaign.id);
    expect(aborted.abort_reason).toMatch(reason);
    await expect
      .poll(
        () =>
          stack.notifications.countDocuments({
            campaignId: campaign.id,
            status: { $ne: 'failed' },
          }),
        { timeout: 60_000, interval: 500 },
      )
      .toBe(0);
    const later = buildNotification({
      type: 'email',
      recipient: `later-${campaign.id}@example.com`,
    });
    const posted = await fetch(`${api()}/api/v1/notifications`, {
      method: 'POST',
      headers: { ...authHeaders, 'content-type': 'application/json' },
      body: JSON.stringify(later),
    });
    expect(posted.status).toBe(202);
    await expect
      .poll(async () => (await stack.acceptedEmails()).map((e) => e.to), { timeout: 30_000 })
      .toContain(later.recipient);

    const recipients = new Set(
      (await stack.notifications.find({ campaignId: campaign.id }).lean()).map((n) => n.recipient),
    );
    const delivered = (await stack.acceptedEmails()).filter((e) => recipients.has(e.to));
    expect(delivered).toEqual([]);
    const stored = await stack.notifications.find({ campaignId: campaign.id }).lean();
    for (const doc of stored) expect(doc.lastError).toMatch(/^campaign aborted: /);
    expect(stored.every((doc) => doc.attemptCount === 0)).toBe(true);
  };

  it('aborts with its reason when the client goes away mid-upload, and delivers none of it', async () => {
    const { upload, campaign } = await stalledUpload('vanishing');
    upload.vanish();
    await expectNothingDelivered(campaign, /did not complete/);
  }, 180_000);

  it('aborts a body that ends before its closing boundary, and delivers none of it', async () => {
    const { upload, campaign } = await stalledUpload('truncated');
    upload.end();
    expect(await upload.answer).toMatchObject({ status: 400 });
    await expectNothingDelivered(campaign, /closing boundary/);
  }, 180_000);

  it('cancels every row of an import whose api died mid-file, once its heartbeat is stale', async () => {
    const { campaign } = await stalledUpload('orphaned');
    await stack.platform.api.process.kill();
    await stack.platform.api.restart();
    await expectNothingDelivered(campaign, /stopped reporting progress/);
  }, 180_000);
});
