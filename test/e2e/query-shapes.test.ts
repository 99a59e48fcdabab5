import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedNotificationSchema,
  campaignViewSchema,
  notificationPageSchema,
  notificationViewSchema,
  type NotificationStatus,
} from '@notify/shared';
import { projectPolicy } from '../../scripts/query-shapes/allowed-scans';
import { checkShapes, describeShape } from '../../scripts/query-shapes/query-shape-check';
import type { CommandLog } from '../../scripts/query-shapes/read-command-log';
import { buildNotification } from '../support/build-notification';
import {
  addressList,
  campaignNamed,
  filePartHead,
  rawUpload,
} from '../support/campaign-raw-upload';
import { uploadCampaign } from '../support/campaign-upload';
import { startRecordedStack, type RecordedStack } from '../support/recorded-stack';
import { authHeaders } from '../support/test-env';

/**
 * Issue 12's query-shape check. The api and processor record the shape of every command they
 * send to MongoDB while the hot paths run through the public API, and every one must be
 * `_id`-addressed or served by an index the schemas declare (scripts/query-shapes has the
 * rules and the allowed scans). Keep the logs with QUERY_SHAPES_LOG_DIR=<dir>, then
 * `npx tsx scripts/query-shapes/check-command-log.ts --docs docs/architecture.md <dir>/*.jsonl`
 * regenerates the table in docs/architecture.md.
 */
describe('the MongoDB commands of every hot path', () => {
  let stack: RecordedStack;
  let log: CommandLog;
  beforeAll(async () => {
    stack = await startRecordedStack('query-shapes', {
      // Two attempts, fast: a dead letter by exhaustion within a second.
      MAX_ATTEMPTS: '2',
      RETRY_BASE_DELAY_MS: '50',
      RETRY_MAX_DELAY_MS: '200',
      RATE_LIMIT_JITTER_MS: '100',
      // The reconciler sweeps during the run too, not only at start-up.
      RECONCILE_INTERVAL_MS: '2000',
    });
  }, 120_000);
  afterAll(() => stack?.stop());

  const get = async (path: string) => {
    const response = await stack.api.get(`/api/v1${path}`);
    expect(response.status, path).toBe(200);
    return response.json() as Promise<unknown>;
  };
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${stack.api.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders },
      body: JSON.stringify(body),
    });
    expect([200, 202], path).toContain(response.status);
    return response.json() as Promise<unknown>;
  };
  const accept = async (body = buildNotification()) =>
    acceptedNotificationSchema.parse(await post('/notifications', body)).id;
  const statusOf = async (id: string) =>
    notificationViewSchema.parse(await get(`/notifications/${id}`)).status;
  const settle = (ids: string[], status: NotificationStatus) =>
    expect
      .poll(async () => Promise.all(ids.map(statusOf)), { timeout: 30_000, interval: 200 })
      .toEqual(ids.map(() => status));
  const page = async (query: string) =>
    notificationPageSchema.parse(await get(`/notifications?${query}`));

  it('runs accept, delivery, retries, dead letters, reads, replays and campaigns', async () => {
    const scripted = async (type: 'sms' | 'email', outcomes: string[]) => {
      const body = buildNotification({ type });
      await stack.script(body.recipient, outcomes);
      return accept(body);
    };
    const retried = await scripted('sms', ['error']);
    const rateLimited = await scripted('sms', ['rate_limit']);
    const exhausted = await scripted('sms', ['error', 'error']);
    const refusedSms = await scripted('sms', ['bad_request']);
    const refusedEmail = await scripted('email', ['bad_request']);
    const one = await accept();
    const many = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        accept(buildNotification({ type: i % 2 ? 'email' : 'sms' })),
      ),
    );
    await settle([one, retried, rateLimited, ...many], 'sent');
    await settle([exhausted, refusedSms, refusedEmail], 'failed');

    const first = await page('limit=2');
    await page(`limit=2&cursor=${first.next_cursor}`);
    const failed = await page('status=failed&limit=1');
    await page(`status=failed&limit=1&cursor=${failed.next_cursor}`);
    await page('type=sms&status=sent');
    await page('type=email');
    const detail = notificationViewSchema.parse(await get(`/notifications/${one}`));
    await page(`campaign_id=${detail.campaign_id}`);
    await page('recipient=example.com');
    await get('/overview');
    await get('/stats');

    await post(`/notifications/${exhausted}/retry`, {});
    await post('/notifications/retry', { type: 'email' });
    await post('/notifications/retry', {});
    await settle([exhausted, refusedSms, refusedEmail], 'sent');

    const csv = `email\r\n${['a', 'b', 'c'].map((n) => `${n}@example.com`).join('\r\n')}\r\nnot-an-address\r\n`;
    const uploaded = await uploadCampaign(stack.api.url, csv);
    expect(uploaded.status).toBe(201);
    const campaign = campaignViewSchema.parse(await uploaded.json());
    await get('/campaigns');
    await get(`/campaigns/${campaign.id}/invalid`);
    await stack.api.get(`/api/v1/campaigns/${campaign.id}/invalid?format=csv`);
    await page(`campaign_id=${campaign.id}`);
    await expect
      .poll(async () => campaignViewSchema.parse(await get(`/campaigns/${campaign.id}`)).status, {
        timeout: 30_000,
      })
      .toBe('completed');

    // An upload whose client goes away after its first recipient chunk (1,000 rows) is
    // stored: the api aborts it, and the processor removes the chunk unsent.
    const upload = rawUpload(stack.api.url);
    await upload.write(filePartHead('vanishing.csv') + addressList('vanishing-', 1010));
    const vanishing = async () => (await campaignNamed(stack.api.url, 'vanishing.csv'))!;
    await expect
      .poll(async () => (await campaignNamed(stack.api.url, 'vanishing.csv'))?.queued ?? 0, {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    upload.vanish();
    await expect
      .poll(async () => [(await vanishing()).status, (await vanishing()).in_progress], {
        timeout: 60_000,
        interval: 500,
      })
      .toEqual(['aborted', 0]);
    const { id } = await vanishing();
    await expect
      .poll(() => stack.api.recipientChunks.countDocuments({ campaignId: id }), {
        timeout: 60_000,
        interval: 500,
      })
      .toBe(0);
  }, 240_000);

  it('records a complete log from both apps, with every kind of command', async () => {
    log = await stack.closedLogs();
    expect(log.closed.map((m) => [m.app, m.dropped, m.unshaped]).sort()).toEqual([
      ['api', 0, 0],
      ['processor', 0, 0],
    ]);
    const seen = new Set(log.records.map((r) => `${r.app} ${r.command} ${r.collection}`));
    for (const expected of [
      'api insert notifications',
      'api find notifications',
      'api insert campaigns',
      'api insert campaign_recipients',
      'processor delete campaign_recipients',
      'processor find notifications',
      'processor find campaigns',
    ]) {
      expect(seen).toContain(expected);
    }
    expect(log.records.some((r) => r.app === 'processor' && r.command !== 'find')).toBe(true);
    // The driver sends a find's sort as a Map: a shape without it would hide every sort.
    expect(log.records.some((r) => r.command === 'find' && r.sort !== undefined)).toBe(true);
  }, 30_000);

  it('finds every query and write _id-addressed or served by a declared index', () => {
    const result = checkShapes(log.records, projectPolicy());
    expect(result.offenders.map(describeShape), `command logs in ${stack.dir}`).toEqual([]);
    expect(result.unusedAllowlist).toEqual([]);
  });
});
