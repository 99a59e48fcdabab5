import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CAMPAIGN_BODY, DEFAULT_CAMPAIGN_SUBJECT, TOKEN_PLACEHOLDER } from '@notify/shared';
import { campaignFixture } from '../support/campaign-upload';
import { startCampaignStack, type CampaignStack } from '../support/campaign-stack';

const [BODY_BEFORE = '', BODY_AFTER = ''] = DEFAULT_CAMPAIGN_BODY.split(TOKEN_PLACEHOLDER);
const tokenIn = (body: string): string | null =>
  body.startsWith(BODY_BEFORE) && body.endsWith(BODY_AFTER)
    ? body.slice(BODY_BEFORE.length, body.length - BODY_AFTER.length)
    : null;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The mailing list's valid rows, read independently of the api's own parser and checks. */
const expectedRecipients = () =>
  campaignFixture('mailing_list.csv')
    .toString('utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(line))
    .sort();

/**
 * The end-to-end run: the real mailing_list.csv through api, queue, processor and
 * the mock e-mail API, with the 1-per-10-s limit shrunk to 1 per 100 ms at the mock and
 * 1 per 300 ms at the processor (100 ms window + 200 ms margin), and tokens that live 3 s,
 * so they rotate about every second during the 30-second run.
 */
describe('a mailing-list campaign through the authenticated e-mail API', () => {
  const MOCK_WINDOW_MS = 100;
  let stack: CampaignStack;
  let campaignId: string;
  beforeAll(async () => {
    stack = await startCampaignStack('campaign-e2e', {
      mockWindowMs: MOCK_WINDOW_MS,
      processorWindowMs: MOCK_WINDOW_MS,
      processorMarginMs: 200,
      tokenTtlSeconds: 3,
    });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('accepts the upload and reports the three invalid rows by line', async () => {
    const campaign = await stack.upload(campaignFixture('mailing_list.csv'), 'mailing_list.csv');
    campaignId = campaign.id;
    expect(campaign).toMatchObject({ rows_read: 105, valid: 102, invalid: 3, queued: 102 });
    expect(campaign.eta_seconds).toBeGreaterThan(0);
  });

  it('sends to every valid address at the provider pace, and completes', async () => {
    await expect
      .poll(async () => (await stack.campaign(campaignId)).status, {
        timeout: 120_000,
        interval: 1000,
      })
      .toBe('completed');
    expect(await stack.campaign(campaignId)).toMatchObject({
      sent: 102,
      failed: 0,
      in_progress: 0,
      eta_seconds: 0,
    });
  }, 130_000);

  it('delivered each valid address exactly once, never hitting the rate limit', async () => {
    const stats = await stack.emailStats();
    expect(stats).toMatchObject({
      accepted: 102,
      uniqueRecipients: 102,
      duplicates: 0,
      rateLimited: 0,
      authFailures: 0,
      invalid: 0,
    });
    const emails = await stack.acceptedEmails();
    expect(emails.map((e) => e.to).sort()).toEqual(expectedRecipients());
    // The queue's limit holds across the whole run, whichever token each send carried.
    const times = emails.map((e) => Date.parse(e.at)).sort((a, b) => a - b);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(MOCK_WINDOW_MS);
  });

  it('rotated the 3-second tokens during the run without a send failing on a 401', async () => {
    const stats = await stack.emailStats();
    // 30 s of sending with 3 s tokens, each renewed after about a second.
    expect(stats.tokensIssued).toBeGreaterThan(10);
    expect(stats.failed).toBe(0);
    // Renewed well before expiry, a token should never be refused; if one is, the adapter's
    // renew-and-retry must absorb it inside the same attempt, never record a failed attempt.
    const stored = await stack.notifications.find({ campaignId }).lean();
    const attempts = stored.flatMap((n) => n.attempts);
    expect(attempts.map((a) => a.httpStatus)).not.toContain(401);
    expect(attempts).toHaveLength(102);
    console.info(
      `token rotation: ${stats.tokensIssued} issued, ${stats.unauthorized} × 401 absorbed`,
    );
  });

  it('gave each recipient its own token, and kept only the token hash', async () => {
    const emails = await stack.acceptedEmails();
    const tokens = emails.map((e) => tokenIn(e.body));
    for (const email of emails) expect(email.subject).toBe(DEFAULT_CAMPAIGN_SUBJECT);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(tokens).size).toBe(102);

    const stored = await stack.notifications.find({ campaignId }).lean();
    expect(stored).toHaveLength(102);
    const hashByRecipient = new Map(stored.map((n) => [n.recipient, n.tokenHash]));
    for (const email of emails) {
      expect(hashByRecipient.get(email.to)).toBe(sha256(tokenIn(email.body)!));
    }
    const raw = JSON.stringify(stored);
    for (const token of tokens) expect(raw).not.toContain(token);
  });
});

/**
 * A token the API stops honouring before it expires (here: the mock restarts with a new
 * signing key, as a provider rotating its keys would): the next send gets 401, the adapter
 * renews the token and sends again at once, and no notification fails or records the 401.
 */
describe('a campaign when the e-mail API starts refusing a token it issued', () => {
  const ROWS = 12;
  let stack: CampaignStack;
  beforeAll(async () => {
    stack = await startCampaignStack('campaign-401', {
      mockWindowMs: 100,
      processorWindowMs: 100,
      processorMarginMs: 200,
      tokenTtlSeconds: 1800,
    });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('renews the token on the 401, retries once, and delivers every row', async () => {
    const rows = Array.from({ length: ROWS }, (_, i) => `reader${i}@example.com`);
    const campaign = await stack.upload(`email\n${rows.join('\n')}\n`);
    await expect
      .poll(async () => (await stack.campaign(campaign.id)).sent, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(3);
    await stack.platform.mockApi.process.stop();
    await stack.platform.mockApi.restart();

    await expect
      .poll(async () => (await stack.campaign(campaign.id)).status, { timeout: 60_000 })
      .toBe('completed');
    expect(await stack.campaign(campaign.id)).toMatchObject({ sent: ROWS, failed: 0 });
    // The restarted mock's counters: the old token refused, a new one issued, nothing lost.
    const stats = await stack.emailStats();
    expect(stats.unauthorized).toBeGreaterThanOrEqual(1);
    expect(stats.tokensIssued).toBeGreaterThanOrEqual(1);
    expect(stats).toMatchObject({ rateLimited: 0, failed: 0, duplicates: 0 });
    const stored = await stack.notifications.find({ campaignId: campaign.id }).lean();
    const statuses = stored.flatMap((n) => n.attempts.map((a) => a.httpStatus));
    expect(statuses).not.toContain(401);
  }, 100_000);
});
