import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  campaignViewSchema,
  DEFAULT_CAMPAIGN_BODY,
  DEFAULT_CAMPAIGN_SUBJECT,
  errorBodySchema,
  invalidRowPageSchema,
  type CampaignView,
} from '@notify/shared';
import { campaignFixture, uploadCampaign } from '../../test/support/campaign-upload';
import { startInProcessApi, type InProcessApi } from '../../test/support/in-process-api';
import { authHeaders, isolatedEnv } from '../../test/support/test-env';

const MAX_BYTES = 4096;

describe('importing a campaign CSV', () => {
  let api: InProcessApi;
  beforeAll(async () => {
    // No processor: no campaign cursor runs, so imported recipients stay in their chunks.
    api = await startInProcessApi({
      ...isolatedEnv('campaign-import'),
      CAMPAIGN_MAX_BYTES: String(MAX_BYTES),
    });
  });
  afterAll(() => api.stop());

  const upload = async (csv: Buffer | string, fields?: Record<string, string>) => {
    const response = await uploadCampaign(api.url, csv, { fields });
    expect(response.status, await response.clone().text()).toBe(201);
    return campaignViewSchema.parse(await response.json());
  };
  const chunksOf = (campaign: CampaignView) =>
    api.recipientChunks.find({ campaignId: campaign.id }).sort({ seq: 1 }).lean();
  /** The addresses stored for sending: in the campaign's recipient chunks, not notifications. */
  const recipientsOf = async (campaign: CampaignView) =>
    (await chunksOf(campaign)).flatMap((chunk) => chunk.recipients).sort();
  const notificationsOf = (campaign: CampaignView) =>
    api.notifications.countDocuments({ campaignId: campaign.id });
  const invalidOf = async (campaign: CampaignView) =>
    invalidRowPageSchema.parse(
      await (await api.get(`/api/v1/campaigns/${campaign.id}/invalid`)).json(),
    ).items;

  it('imports the real mailing list: 102 stored in one chunk, none queued yet, the 3 bad rows reported by line', async () => {
    const campaign = await upload(campaignFixture('mailing_list.csv'));
    expect(campaign).toMatchObject({
      status: 'sending',
      rows_read: 105,
      valid: 102,
      invalid: 3,
      duplicates: 0,
      queued: 102,
      in_progress: 0,
      not_dispatched: 102,
      subject: DEFAULT_CAMPAIGN_SUBJECT,
      body: DEFAULT_CAMPAIGN_BODY,
    });
    expect(await invalidOf(campaign)).toEqual([
      { line: 3, value: 'invalid-email', reason: 'not a valid e-mail address' },
      { line: 6, value: 'not-an-email', reason: 'not a valid e-mail address' },
      { line: 9, value: '@domain.com', reason: 'not a valid e-mail address' },
    ]);
    expect((await chunksOf(campaign)).map((c) => [c.seq, c.recipients.length])).toEqual([[0, 102]]);
    // Notifications are made (and queued) by a processor's campaign cursor, never here.
    expect(await notificationsOf(campaign)).toBe(0);
    expect(await api.queue.getJobCounts('waiting', 'prioritized')).toMatchObject({
      waiting: 0,
      prioritized: 0,
    });
  });

  it('stores only the addresses in its chunk, and the template with its placeholder once on the campaign', async () => {
    const campaign = await upload(campaignFixture('no-header.csv'));
    // Exactly these fields: no token, nonce or message per recipient. Each recipient's nonce
    // is made when the cursor dispatches (test/e2e/campaign-delivery.test.ts checks tokens).
    expect(await chunksOf(campaign)).toEqual([
      {
        _id: `${campaign.id}:0`,
        campaignId: campaign.id,
        seq: 0,
        recipients: ['ann@example.com', 'bob@example.org'],
        ids: null,
      },
    ]);
    const stored = await api.campaigns.findById(campaign.id).lean();
    expect(stored).toMatchObject({ body: DEFAULT_CAMPAIGN_BODY, chunks: 1 });
    expect(stored?.body).toContain('{token}');
    expect(Object.keys(stored ?? {}).filter((key) => /token|nonce/i.test(key))).toEqual([]);
    expect(await notificationsOf(campaign)).toBe(0);
  });

  it.each([
    ['bom-crlf.csv', ['ann@example.com', 'bob@example.org'], []],
    [
      'semicolon.csv',
      ['ann@example.com', 'bob@example.org'],
      [{ line: 4, value: 'not-an-address' }],
    ],
    ['no-header.csv', ['ann@example.com', 'bob@example.org'], []],
    ['quoted.csv', ['ann@example.com', 'bob@example.org'], []],
    ['blank-lines.csv', ['ann@example.com', 'bob@example.org'], []],
  ])('reads %s as a user would expect', async (file, recipients, invalid) => {
    const campaign = await upload(campaignFixture(file));
    expect(await recipientsOf(campaign)).toEqual(recipients);
    expect(await invalidOf(campaign)).toEqual(invalid.map((row) => expect.objectContaining(row)));
    expect(campaign).toMatchObject({
      status: 'sending',
      rows_read: recipients.length + invalid.length,
      queued: recipients.length,
      in_progress: 0,
      not_dispatched: recipients.length,
    });
  });

  it('sends each address once however the file repeats it (case and spaces aside)', async () => {
    const campaign = await upload(campaignFixture('duplicates.csv'));
    expect(campaign).toMatchObject({ rows_read: 4, valid: 4, duplicates: 2, queued: 2 });
    expect(await recipientsOf(campaign)).toEqual(['ann@example.com', 'bob@example.org']);
  });

  it('uses the subject and body given with the upload', async () => {
    const campaign = await upload(campaignFixture('no-header.csv'), {
      name: 'Spring sign-ups',
      subject: 'Welcome aboard',
      body: 'Your code is {token}.',
    });
    expect(campaign).toMatchObject({
      name: 'Spring sign-ups',
      subject: 'Welcome aboard',
      body: 'Your code is {token}.',
    });
  });

  it('creates nothing new when the same Idempotency-Key is used again', async () => {
    const headers = { 'idempotency-key': `campaign-${Date.now()}` };
    const first = await uploadCampaign(api.url, campaignFixture('no-header.csv'), { headers });
    const again = await uploadCampaign(api.url, campaignFixture('no-header.csv'), { headers });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const [a, b] = [
      campaignViewSchema.parse(await first.json()),
      campaignViewSchema.parse(await again.json()),
    ];
    expect(b.id).toBe(a.id);
    expect((await chunksOf(a)).map((chunk) => chunk.recipients)).toEqual([
      ['ann@example.com', 'bob@example.org'],
    ]);
    // Imported once: a second import into it would have added to its counts.
    expect(await api.campaigns.findById(a.id).lean()).toMatchObject({
      rowsRead: 2,
      queued: 2,
      chunks: 1,
    });
  });

  it.each([
    ['no-email-column.csv', 'no_email_column'],
    ['broken-quote.csv', 'invalid_csv'],
  ])('refuses %s with a 400 naming the file', async (file, code) => {
    const response = await uploadCampaign(api.url, campaignFixture(file));
    expect(response.status).toBe(400);
    const body = errorBodySchema.parse(await response.json());
    expect(body.error).toBe(code);
    expect(body.fields?.[0]?.field).toBe('file');
  });

  it('refuses bad template fields and a missing file with a 400 naming the field', async () => {
    const long = await uploadCampaign(api.url, 'a@b.co\n', {
      fields: { subject: 'x'.repeat(256) },
    });
    expect(long.status).toBe(400);
    expect(errorBodySchema.parse(await long.json()).fields?.[0]?.field).toBe('subject');
    const tokenless = await uploadCampaign(api.url, 'a@b.co\n', {
      fields: { body: 'Welcome aboard, your {Token} is ready' },
    });
    expect(tokenless.status).toBe(400);
    expect(errorBodySchema.parse(await tokenless.json()).fields?.[0]).toMatchObject({
      field: 'body',
      message: expect.stringContaining('{token}'),
    });
    const noFile = await fetch(`${api.url}/api/v1/campaigns`, {
      method: 'POST',
      headers: authHeaders,
      body: (() => {
        const form = new FormData();
        form.append('subject', 'hi');
        return form;
      })(),
    });
    expect(noFile.status).toBe(400);
    expect(errorBodySchema.parse(await noFile.json()).fields?.[0]?.field).toBe('file');
  });

  it('refuses a subject sent after the file, and sends nothing with the default instead', async () => {
    const form = new FormData();
    form.append('name', 'late-subject');
    form.append('file', new Blob(['email\nlate@example.com\n'], { type: 'text/csv' }), 'l.csv');
    form.append('subject', 'Meant for everyone');
    const response = await fetch(`${api.url}/api/v1/campaigns`, {
      method: 'POST',
      headers: authHeaders,
      body: form,
    });
    expect(response.status).toBe(400);
    expect(errorBodySchema.parse(await response.json()).fields?.[0]?.field).toBe('subject');
    const list = (await (await api.get('/api/v1/campaigns')).json()) as { items: CampaignView[] };
    const aborted = list.items.find((c) => c.name === 'late-subject');
    // Its one recipient was stored, but an aborted campaign is never fed: nothing to fail.
    expect(aborted).toMatchObject({
      status: 'aborted',
      queued: 1,
      sent: 0,
      failed: 0,
      in_progress: 0,
      not_dispatched: 1,
    });
    expect(await notificationsOf(aborted!)).toBe(0);
  });

  it('answers 413 for a file over the limit, before reading it when its size is declared', async () => {
    const big = `email\n${'someone@example.com\n'.repeat(MAX_BYTES / 10)}`;
    const declared = await uploadCampaign(api.url, big);
    expect(declared.status).toBe(413);
    expect(errorBodySchema.parse(await declared.json()).error).toBe('file_too_large');
  });

  it('answers 413 mid-stream for an undeclared size, and makes no notification of what it stored', async () => {
    const boundary = 'x-boundary';
    const payload = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n` +
        `Content-Type: text/csv\r\n\r\nemail\r\n${Array.from({ length: 600 }, (_, i) => `r${i}@example.com`).join('\r\n')}\r\n--${boundary}--\r\n`,
    );
    const response = await fetch(`${api.url}/api/v1/campaigns`, {
      method: 'POST',
      headers: { ...authHeaders, 'content-type': `multipart/form-data; boundary=${boundary}` },
      // A stream body goes out chunked: no Content-Length to refuse up front.
      body: new Blob([payload]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    const list = await (await api.get('/api/v1/campaigns')).json();
    const aborted = (list as { items: CampaignView[] }).items.find((c) => c.name === 'big.csv');
    expect(aborted).toMatchObject({ status: 'aborted', sent: 0, failed: 0, in_progress: 0 });
    expect(aborted!.queued).toBeGreaterThan(0);
    expect(aborted!.not_dispatched).toBe(aborted!.queued);
    expect(await notificationsOf(aborted!)).toBe(0);
  });

  it('lists the invalid rows as CSV a spreadsheet opens safely', async () => {
    const campaign = await upload('email\n=1+2\nok@example.com\n"say ""hi"""\n');
    const response = await api.get(`/api/v1/campaigns/${campaign.id}/invalid?format=csv`);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await response.text()).toBe(
      'line,value,reason\r\n' +
        '"2","\'=1+2","not a valid e-mail address"\r\n' +
        '"4","say ""hi""","not a valid e-mail address"\r\n',
    );
  });

  it('needs a write key to upload and a read key to look', async () => {
    const anonymous = await fetch(`${api.url}/api/v1/campaigns`, {
      method: 'POST',
      body: new FormData(),
    });
    expect(anonymous.status).toBe(401);
    expect((await api.get('/api/v1/campaigns', {})).status).toBe(401);
    expect((await api.get('/api/v1/campaigns/not-a-uuid')).status).toBe(400);
  });
});
