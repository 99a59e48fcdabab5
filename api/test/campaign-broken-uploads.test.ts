import { readFileSync } from 'node:fs';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '@notify/shared';
import {
  notificationModel,
  recipientChunkModel,
  type NotificationModel,
  type RecipientChunkModel,
} from '@notify/shared/ledger/inspect';
import { startApp, type AppProcess } from '../../scripts/stack/platform';
import {
  addressList,
  campaignNamed,
  filePartHead,
  rawUpload,
} from '../../test/support/campaign-raw-upload';
import { uploadCampaign } from '../../test/support/campaign-upload';
import { authHeaders, isolatedEnv } from '../../test/support/test-env';

const MAX_RECORD_BYTES = 8 * 1024;
const CLOCK_TICKS_PER_S = 100;

/** CPU time used so far and peak resident memory of a process, from Linux's /proc. */
function usage(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const [utime = 0, stime = 0] = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .slice(11, 13)
    .map(Number);
  const peakKb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return { cpuMs: ((utime + stime) * 1000) / CLOCK_TICKS_PER_S, peakRssMb: Number(peakKb) / 1024 };
}
const MAX_FIELDS = 100;
/** One recipient chunk (1,000 rows) and more: a chunk is stored while the upload is open. */
const ROWS = 1200;

/**
 * Uploads that break off, overflow or lie about their shape, against the api in its own
 * process (a crash shows as an exit, not as a failed test run). No processor runs here:
 * test/e2e/campaign-incomplete-upload.test.ts proves nothing of them is delivered.
 */
describe('campaign uploads that break off or overflow', () => {
  let api: AppProcess;
  let db: mongoose.Connection;
  let notifications: NotificationModel;
  let chunks: RecipientChunkModel;
  beforeAll(async () => {
    const env = isolatedEnv('campaign-broken');
    api = await startApp(
      'api',
      {
        ...env,
        LOG_LEVEL: 'warn',
        CAMPAIGN_MAX_RECORD_BYTES: String(MAX_RECORD_BYTES),
        CAMPAIGN_MAX_FIELDS: String(MAX_FIELDS),
      },
      'ignore',
    );
    db = await mongoose.createConnection(env.MONGODB_URI).asPromise();
    notifications = notificationModel(db);
    chunks = recipientChunkModel(db);
  });
  afterAll(async () => {
    await api?.process.stop();
    await db?.close();
  });

  const expectUp = async () => {
    expect(api.process.child.exitCode).toBeNull();
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
  };
  const campaignOnceCreated = async (name: string) => {
    await expect.poll(() => campaignNamed(api.url, name), { timeout: 10_000 }).not.toBeNull();
    return (await campaignNamed(api.url, name))!;
  };
  /** Written while the upload is still open: the import has stored a chunk of recipients. */
  const chunkStored = (campaignId: string) =>
    expect
      .poll(() => chunks.countDocuments({ campaignId }), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(1);
  /**
   * Aborted with the reason, and nothing of it can go out: only an imported campaign is fed
   * to the queue, so no notification of it exists, and every recipient it stored is counted
   * as never dispatched. Returns how many it stored.
   */
  const expectAbortedWithNothingToSend = async (name: string, reason: RegExp) => {
    await expect
      .poll(async () => (await campaignNamed(api.url, name))?.status, { timeout: 10_000 })
      .toBe('aborted');
    const campaign = (await campaignNamed(api.url, name))!;
    expect(campaign.abort_reason).toMatch(reason);
    expect(campaign).toMatchObject({ sent: 0, failed: 0, in_progress: 0 });
    expect(campaign.not_dispatched).toBe(campaign.queued);
    expect(await notifications.countDocuments({ campaignId: campaign.id })).toBe(0);
    return campaign.queued;
  };

  it("answers 400 to the issue's body that ends before its closing boundary, and stays up", async () => {
    const response = await fetch(`${api.url}/api/v1/campaigns`, {
      method: 'POST',
      headers: { ...authHeaders, 'content-type': 'multipart/form-data; boundary=ABC' },
      body: `--ABC\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nemail\r\nnotvalid\r\n`,
    });
    expect(response.status).toBe(400);
    const body = errorBodySchema.parse(await response.json());
    expect(body.error).toBe('invalid_multipart');
    expect(body.fields?.[0]?.field).toBe('file');
    await expectUp();
    await expectAbortedWithNothingToSend('a.csv', /closing boundary/);
  });

  it('aborts a body cut off after recipients were stored, and makes no notification of them', async () => {
    const upload = rawUpload(api.url);
    await upload.write(filePartHead('cut-off.csv') + addressList('cut', ROWS));
    const campaign = await campaignOnceCreated('cut-off.csv');
    await chunkStored(campaign.id);
    upload.end();
    const answer = await upload.answer;
    expect(answer).toMatchObject({ status: 400 });
    expect(
      await expectAbortedWithNothingToSend('cut-off.csv', /closing boundary/),
    ).toBeGreaterThanOrEqual(1000);
    await expectUp();
  });

  it('aborts the import of a client that goes away mid-upload, instead of importing forever', async () => {
    const upload = rawUpload(api.url);
    await upload.write(filePartHead('vanished.csv') + addressList('gone', ROWS));
    const campaign = await campaignOnceCreated('vanished.csv');
    await chunkStored(campaign.id);
    upload.vanish();
    expect(
      await expectAbortedWithNothingToSend('vanished.csv', /did not complete/),
    ).toBeGreaterThanOrEqual(1000);
    await expectUp();
  });

  it.each([
    ['a 4 MB record', `email\r\nann@example.com\r\n"${'x'.repeat(4 * 1024 * 1024)}"\r\n`, 3],
    ['an 8 MB line without a newline', `email\nann@example.com\n${'y'.repeat(8 * 1024 * 1024)}`, 3],
    [
      'a record of more fields than allowed',
      `email\nann@example.com${',x'.repeat(MAX_FIELDS)}\n`,
      2,
    ],
  ])('refuses %s with a fast 400 naming its line, and stays up', async (_, csv, line) => {
    const before = usage(api.process.child.pid!);
    const response = await uploadCampaign(api.url, csv, { filename: `limits-${line}.csv` });
    expect(response.status).toBe(400);
    const body = errorBodySchema.parse(await response.json());
    expect(body).toMatchObject({ error: 'invalid_csv' });
    expect(body.fields?.[0]).toMatchObject({
      field: 'file',
      message: expect.stringMatching(new RegExp(`^line ${line}: `)),
    });
    // Measured on the api process, not the wall clock (other tests share the cores). Before
    // the limit, the 8 MB line cost 4.7 s of CPU and the 4 MB record 100 MB of memory.
    const after = usage(api.process.child.pid!);
    expect(after.cpuMs - before.cpuMs).toBeLessThan(1000);
    expect(after.peakRssMb - before.peakRssMb).toBeLessThan(40);
    await expectUp();
  });

  it('refuses a form with the file field twice, and sends neither', async () => {
    const form = new FormData();
    form.append('file', new Blob(['email\nfirst@example.com\n']), 'twice.csv');
    form.append('file', new Blob(['email\nsecond@example.com\n']), 'twice-2.csv');
    const response = await fetch(`${api.url}/api/v1/campaigns`, {
      method: 'POST',
      headers: authHeaders,
      body: form,
    });
    expect(response.status).toBe(400);
    expect(errorBodySchema.parse(await response.json()).fields?.[0]?.field).toBe('file');
    await expectAbortedWithNothingToSend('twice.csv', /form/);
  });

  it.each([
    ['a field named __proto__', [['__proto__', 'x']], '__proto__'],
    [
      'a field sent twice',
      [
        ['subject', 'One'],
        ['subject', 'Two'],
      ],
      'subject',
    ],
  ])('refuses %s with a 400 naming it, before any campaign exists', async (_, fields, name) => {
    const form = new FormData();
    for (const [field, value] of fields) form.append(field!, value!);
    form.append('file', new Blob(['email\nform@example.com\n']), `field-${name}.csv`);
    const response = await fetch(`${api.url}/api/v1/campaigns`, {
      method: 'POST',
      headers: authHeaders,
      body: form,
    });
    expect(response.status).toBe(400);
    expect(errorBodySchema.parse(await response.json()).fields?.[0]?.field).toBe(name);
    expect(await campaignNamed(api.url, `field-${name}.csv`)).toBeNull();
  });

  it('refuses a compressed upload with 415 naming the encoding', async () => {
    const response = await uploadCampaign(api.url, 'email\nz@example.com\n', {
      headers: { 'content-encoding': 'gzip' },
      filename: 'gzip.csv',
    });
    expect(response.status).toBe(415);
    expect(errorBodySchema.parse(await response.json()).fields?.[0]?.field).toBe(
      'content-encoding',
    );
    expect(await campaignNamed(api.url, 'gzip.csv')).toBeNull();
  });
});
