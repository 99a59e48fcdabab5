import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  campaignViewSchema,
  DEFAULT_CAMPAIGN_BODY,
  DEFAULT_CAMPAIGN_SUBJECT,
  errorBodySchema,
  invalidRowPageSchema,
  notificationPageSchema,
  type CampaignView,
} from '@notify/shared';
import { campaignFixture, uploadCampaign } from '../../test/support/campaign-upload';
import { startInProcessApi, type InProcessApi } from '../../test/support/in-process-api';
import { authHeaders, isolatedEnv } from '../../test/support/test-env';

const MAX_BYTES = 4096;

describe('importing a campaign CSV', () => {
  let api: InProcessApi;
  beforeAll(async () => {
    // No processor: imported notifications wait in the queue, so the counts hold still.
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
  const recipientsOf = async (campaign: CampaignView) => {
    const page = notificationPageSchema.parse(
      await (await api.get(`/api/v1/notifications?campaign_id=${campaign.id}&limit=200`)).json(),
    );
    return page.items.map((n) => n.recipient).sort();
  };
  const invalidOf = async (campaign: CampaignView) =>
    invalidRowPageSchema.parse(
      await (await api.get(`/api/v1/campaigns/${campaign.id}/invalid`)).json(),
    ).items;

  it('imports the real mailing list: 102 queued behind one-off sends, the 3 bad rows reported by line', async () => {
    const campaign = await upload(campaignFixture('mailing_list.csv'));
    expect(campaign).toMatchObject({
      status: 'sending',
      rows_read: 105,
      valid: 102,
      invalid: 3,
      duplicates: 0,
      queued: 102,
      in_progress: 102,
      subject: DEFAULT_CAMPAIGN_SUBJECT,
      body: DEFAULT_CAMPAIGN_BODY,
    });
    expect(await invalidOf(campaign)).toEqual([
      { line: 3, value: 'invalid-email', reason: 'not a valid e-mail address' },
      { line: 6, value: 'not-an-email', reason: 'not a valid e-mail address' },
      { line: 9, value: '@domain.com', reason: 'not a valid e-mail address' },
    ]);
    expect(await api.queue.getJobCounts('waiting', 'prioritized')).toMatchObject({
      waiting: 0,
      prioritized: 102,
    });
  });

  it('stores only a nonce per recipient, never a token, and the template with its placeholder', async () => {
    const campaign = await upload(campaignFixture('no-header.csv'));
    const stored = await api.notifications.find({ campaignId: campaign.id }).lean();
    expect(stored).toHaveLength(2);
    for (const doc of stored) {
      expect(doc.message).toBe(DEFAULT_CAMPAIGN_BODY);
      expect(doc.tokenNonce).toMatch(/^[\w-]{22}$/);
      expect(doc.tokenHash).toBeNull();
    }
    expect(new Set(stored.map((d) => d.tokenNonce)).size).toBe(2);
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
    expect(campaign.rows_read).toBe(recipients.length + invalid.length);
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
    expect(await api.notifications.countDocuments({ campaignId: a.id })).toBe(2);
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
    expect(list.items.find((c) => c.name === 'late-subject')).toMatchObject({
      status: 'aborted',
      queued: 1,
      failed: 1,
      in_progress: 0,
    });
  });

  it('answers 413 for a file over the limit, before reading it when its size is declared', async () => {
    const big = `email\n${'someone@example.com\n'.repeat(MAX_BYTES / 10)}`;
    const declared = await uploadCampaign(api.url, big);
    expect(declared.status).toBe(413);
    expect(errorBodySchema.parse(await declared.json()).error).toBe('file_too_large');
  });

  it('answers 413 mid-stream for an undeclared size, and sends nothing it had queued', async () => {
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
    expect(aborted).toMatchObject({ status: 'aborted', sent: 0, in_progress: 0 });
    expect(aborted!.queued).toBeGreaterThan(0);
    expect(aborted!.failed).toBe(aborted!.queued);
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
