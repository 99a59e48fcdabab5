import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedNotificationSchema, campaignViewSchema, errorBodySchema } from '@notify/shared';
import { buildNotification } from '../../test/support/build-notification';
import {
  addressList,
  campaignNamed,
  filePartHead,
  formEnd,
  rawUpload,
} from '../../test/support/campaign-raw-upload';
import { campaignFixture, uploadCampaign } from '../../test/support/campaign-upload';
import { startInProcessApi, type InProcessApi } from '../../test/support/in-process-api';
import { isolatedEnv, TEST_API_KEYS_ENTRY } from '../../test/support/test-env';

const keyed = (key: string) => ({ headers: { 'idempotency-key': key } });
const upload = (api: InProcessApi, key: string, file = 'no-header.csv') =>
  uploadCampaign(api.url, campaignFixture(file), keyed(key));
const campaignOf = async (response: Response) => campaignViewSchema.parse(await response.json());
const idOf = async (response: Response) =>
  acceptedNotificationSchema.parse(await response.json()).id;

/** A second caller, to show that keys are per API key. */
const OTHER_KEY = `nk_other_${randomBytes(16).toString('hex')}`;
const asOther = { authorization: `Bearer ${OTHER_KEY}` };

describe('Idempotency-Key', () => {
  let api: InProcessApi;
  beforeAll(async () => {
    // No processor: what was stored stays as it is.
    api = await startInProcessApi({
      ...isolatedEnv('idempotency'),
      API_KEYS: `${TEST_API_KEYS_ENTRY},other:read+write:${createHash('sha256').update(OTHER_KEY).digest('hex')}`,
    });
  });
  afterAll(() => api.stop());

  it("keeps one API key's Idempotency-Keys apart from another's", async () => {
    const key = `order-${randomUUID()}`;
    const mine = await api.post(buildNotification(), { 'idempotency-key': key });
    expect(mine.status).toBe(202);
    // Another caller's request under the same key is its own, neither refused nor replayed.
    const theirsRequest = buildNotification();
    const theirs = await api.post(theirsRequest, { 'idempotency-key': key, ...asOther });
    expect(theirs.status).toBe(202);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    const theirsId = await idOf(theirs);
    expect(theirsId).not.toBe(await idOf(mine));
    // And its own repeat replays its own notification.
    const again = await api.post(theirsRequest, { 'idempotency-key': key, ...asOther });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await idOf(again)).toBe(theirsId);
  });

  it("keeps a notification's keys apart from a campaign's, however they are spelled", async () => {
    const key = `batch-${randomUUID()}`;
    // A notification key spelled like the old internal name of campaign key `key`…
    expect(
      (await api.post(buildNotification(), { 'idempotency-key': `campaign:${key}` })).status,
    ).toBe(202);
    // …leaves that campaign key working: created once, then replayed.
    const first = await upload(api, key);
    expect(first.status).toBe(201);
    const again = await upload(api, key);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await campaignOf(again)).id).toBe((await campaignOf(first)).id);
    // And the other way round: a campaign key does not refuse a notification's.
    const notification = await api.post(buildNotification(), {
      'idempotency-key': `campaign:${key}x`,
    });
    expect(notification.status).toBe(202);
    const spelledAlike = await upload(api, `${key}x`);
    expect(spelledAlike.status).toBe(201);
  });

  it('lets a corrected notification use the key of one refused with 400', async () => {
    const key = `order-${randomUUID()}`;
    const refused = await api.post(
      { ...buildNotification(), recipient: 'nobody' },
      {
        'idempotency-key': key,
      },
    );
    expect(refused.status).toBe(400);
    const request = buildNotification();
    const accepted = await api.post(request, { 'idempotency-key': key });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('idempotent-replayed')).toBeNull();
    const id = await idOf(accepted);
    const repeated = await api.post(request, { 'idempotency-key': key });
    expect(repeated.headers.get('idempotent-replayed')).toBe('true');
    expect(await idOf(repeated)).toBe(id);
  });

  it('lets a corrected campaign use the key of an upload refused with 400', async () => {
    const key = `list-${randomUUID()}`;
    const refused = await upload(api, key, 'no-email-column.csv');
    expect(refused.status).toBe(400);
    expect(errorBodySchema.parse(await refused.json()).error).toBe('no_email_column');
    const corrected = await upload(api, key);
    expect(corrected.status).toBe(201);
    const campaign = await campaignOf(corrected);
    expect(campaign).toMatchObject({ queued: 2 });
    const repeated = await upload(api, key);
    expect(repeated.status).toBe(200);
    expect((await campaignOf(repeated)).id).toBe(campaign.id);
  });

  it('answers a second upload with the key 409 and Retry-After while the first is still running', async () => {
    const key = `list-${randomUUID()}`;
    const name = `stalled-${randomUUID()}.csv`;
    const first = rawUpload(api.url, { 'idempotency-key': key });
    // Half a file, then the client pauses: the api has taken the upload and is importing it.
    await first.write(filePartHead(name) + addressList('stalled-', 3));
    await expect.poll(() => campaignNamed(api.url, name), { timeout: 15_000 }).not.toBeNull();

    const second = await upload(api, key);
    expect(second.status).toBe(409);
    expect(second.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(errorBodySchema.parse(await second.json()).error).toBe('idempotency_key_in_flight');

    first.end(formEnd());
    const answer = await first.answer;
    if (!('status' in answer)) throw answer.error;
    expect(answer.status).toBe(201);
    const created = campaignViewSchema.parse(JSON.parse(answer.body));
    expect(created).toMatchObject({ name, queued: 3 });
    // Once it is done, the same key replays it.
    const third = await upload(api, key);
    expect(third.status).toBe(200);
    expect((await campaignOf(third)).id).toBe(created.id);
  });
});

describe('an Idempotency-Key past its time', () => {
  const TTL_SECONDS = 2;
  let api: InProcessApi;
  beforeAll(async () => {
    api = await startInProcessApi({
      ...isolatedEnv('idempotency-ttl'),
      IDEMPOTENCY_TTL_S: String(TTL_SECONDS),
    });
  });
  afterAll(() => api.stop());

  it('replays within the configured time and is a new request after it', async () => {
    const key = `order-${randomUUID()}`;
    const request = buildNotification();
    const started = Date.now();
    const first = await idOf(await api.post(request, { 'idempotency-key': key }));
    const replay = await api.post(request, { 'idempotency-key': key });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await idOf(replay)).toBe(first);

    // The same request, until the api no longer replays it: the key has expired.
    let later: Response | undefined;
    await expect
      .poll(
        async () => {
          later = await api.post(request, { 'idempotency-key': key });
          return later.headers.get('idempotent-replayed');
        },
        { timeout: (TTL_SECONDS + 10) * 1000, interval: 100 },
      )
      .toBeNull();
    // Not before its time, and then it was taken as a new notification.
    expect(Date.now() - started).toBeGreaterThanOrEqual(TTL_SECONDS * 1000);
    expect(later?.status).toBe(202);
    expect(await idOf(later!)).not.toBe(first);
    expect(await api.notifications.countDocuments({ campaignId: request.campaign_id })).toBe(2);
  });
});
