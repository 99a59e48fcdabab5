import { request } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '@notify/shared';
import { campaignModel, type CampaignModel } from '@notify/shared/store';
import { notificationModel, type NotificationModel } from '@notify/shared/ledger/inspect';
import { startApp, type AppProcess } from '../../scripts/stack/platform';
import { authHeaders, isolatedEnv } from '../../test/support/test-env';

const MAX_RECORD_BYTES = 8 * 1024;
const MAX_FIELDS = 100;
const B = 'fuzz-boundary';

/** One generated upload: the bytes, the headers, and whether the client stays for the answer. */
interface Upload {
  kind: string;
  body: Buffer;
  headers: Record<string, string>;
  vanish?: boolean;
}

const bytes = (...parts: (string | Uint8Array)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
const field = (name: string, value: string) =>
  `--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const filePart = (content: string | Uint8Array, name = 'file') =>
  bytes(
    `--${B}\r\nContent-Disposition: form-data; name="${name}"; filename="fuzz.csv"\r\n`,
    'Content-Type: text/csv\r\n\r\n',
    content,
    '\r\n',
  );
const CLOSE = `--${B}--\r\n`;
const multipart = (boundary: string = B) => ({
  'content-type': `multipart/form-data; boundary=${boundary}`,
});
const upload = (
  kind: string,
  body: Buffer,
  headers: Record<string, string> = multipart(),
): Upload => ({
  kind,
  body,
  headers,
});

const addresses = fc
  .oneof(
    { weight: 9, arbitrary: fc.array(fc.emailAddress(), { minLength: 1, maxLength: 30 }) },
    // over one recipient chunk (1,000 rows), so a cut can come after one was stored
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 1001, max: 1200 })
        .map((n) => Array.from({ length: n }, (_, i) => `row${i}@example.com`)),
    },
  )
  .map((list) => `email\r\n${list.join('\r\n')}\r\n`);
const wholeForm = addresses.map((csv) => bytes(filePart(csv), CLOSE));
const COMPRESS = { gzip: gzipSync, br: brotliCompressSync, deflate: deflateSync } as const;

/** Every way an upload can be broken; none of them is a campaign anyone meant to send. */
const broken: fc.Arbitrary<Upload> = fc.oneof(
  // cut anywhere before the form's closing boundary
  fc.tuple(wholeForm, fc.double({ min: 0, max: 1, noNaN: true })).map(([form, at]) => {
    const end = form.lastIndexOf(`\r\n--${B}--`);
    return upload('truncated', form.subarray(0, Math.floor(at * end)));
  }),
  // the same cut, with the client going away instead of ending the body
  fc.tuple(wholeForm, fc.double({ min: 0, max: 1, noNaN: true })).map(([form, at]) => {
    const end = form.lastIndexOf(`\r\n--${B}--`);
    return { ...upload('vanished', form.subarray(0, Math.floor(at * end))), vanish: true };
  }),
  // a boundary the body does not use, or none at all
  fc
    .tuple(wholeForm, fc.constantFrom('other', `${B}x`, B.slice(1)))
    .map(([form, boundary]) => upload('wrong boundary', form, multipart(boundary))),
  wholeForm.map((form) => upload('no boundary', form, { 'content-type': 'multipart/form-data' })),
  fc.string({ maxLength: 200 }).map((text) => upload('no parts', bytes(text))),
  // the file field twice, or a file under another name
  fc
    .tuple(addresses, addresses)
    .map(([a, b]) => upload('file twice', bytes(filePart(a), filePart(b), CLOSE))),
  addresses.map((csv) => upload('other file name', bytes(filePart(csv, 'attachment'), CLOSE))),
  // a field after the file, and a field the form does not take
  addresses.map((csv) => upload('late field', bytes(filePart(csv), field('subject', 'Hi'), CLOSE))),
  fc
    .string({ minLength: 1, maxLength: 20 })
    // A quote, backslash or newline would break the header's own quoting, not name a field.
    .filter((name) => !/["\\\r\n]/.test(name) && !['name', 'subject', 'body'].includes(name))
    .chain((name) =>
      addresses.map((csv) =>
        upload('unknown field', bytes(field(name, 'x'), filePart(csv), CLOSE)),
      ),
    ),
  fc
    .tuple(fc.constantFrom('name', 'subject', 'body'), addresses)
    .map(([name, csv]) =>
      upload(
        'field twice',
        bytes(field(name, 'a {token}'), field(name, 'b {token}'), filePart(csv), CLOSE),
      ),
    ),
  // a record longer than allowed, with and without its newline
  fc
    .tuple(fc.integer({ min: MAX_RECORD_BYTES + 1, max: 2_000_000 }), fc.boolean())
    .map(([size, newline]) =>
      upload(
        'huge record',
        bytes(filePart(`email\na@example.com\n${'x'.repeat(size)}${newline ? '\n' : ''}`), CLOSE),
      ),
    ),
  // more fields than allowed
  fc
    .integer({ min: MAX_FIELDS, max: 4000 })
    .map((extra) =>
      upload('many fields', bytes(filePart(`email\na@example.com${',x'.repeat(extra)}\n`), CLOSE)),
    ),
  // binary: always holding a NUL, as every binary format does
  fc.tuple(fc.uint8Array({ maxLength: 4000 }), fc.nat()).map(([data, at]) => {
    const content = Buffer.from(data);
    const withNul = Buffer.concat([
      content.subarray(0, at % (content.length + 1)),
      Buffer.from([0]),
      content.subarray(at % (content.length + 1)),
    ]);
    return upload('binary', bytes(filePart(withNul), CLOSE));
  }),
  // a compressed form (which the api does not decode), or an unknown encoding
  fc
    .tuple(wholeForm, fc.constantFrom(...Object.keys(COMPRESS), 'compress', 'x-snappy'))
    .map(([form, encoding]) => {
      const compress = COMPRESS[encoding as keyof typeof COMPRESS];
      return upload('content-encoding', compress ? compress(form) : form, {
        ...multipart(),
        'content-encoding': encoding,
      });
    }),
);

/** Sends the bytes over a plain connection, then waits for the answer or drops the connection. */
function send(apiUrl: string, attempt: Upload): Promise<{ status: number; body: string } | null> {
  return new Promise((resolve, reject) => {
    const req = request(new URL('/api/v1/campaigns', apiUrl), {
      method: 'POST',
      headers: { ...authHeaders, ...attempt.headers, 'content-length': attempt.body.length },
    });
    req.on('error', (error) => (attempt.vanish ? resolve(null) : reject(error)));
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    if (!attempt.vanish) return req.end(attempt.body);
    req.write(attempt.body, () => {
      req.destroy();
      resolve(null);
    });
  });
}

describe('generated broken campaign uploads against the running api', () => {
  let api: AppProcess;
  let db: mongoose.Connection;
  let campaigns: CampaignModel;
  let notifications: NotificationModel;
  beforeAll(async () => {
    const env = isolatedEnv('fuzz-campaign');
    api = await startApp(
      'api',
      {
        ...env,
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_SECOND: '100000',
        CAMPAIGN_MAX_RECORD_BYTES: String(MAX_RECORD_BYTES),
        CAMPAIGN_MAX_FIELDS: String(MAX_FIELDS),
      },
      'ignore',
    );
    db = await mongoose.createConnection(env.MONGODB_URI).asPromise();
    campaigns = campaignModel(db);
    notifications = notificationModel(db);
  });
  afterAll(async () => {
    await api?.process.stop();
    await db?.close();
  });

  it('answers each with a JSON 4xx, stays up, and leaves nothing of them to send', async () => {
    const kinds = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(broken, async (attempt) => {
        kinds.set(attempt.kind, (kinds.get(attempt.kind) ?? 0) + 1);
        const answer = await send(api.url, attempt);
        if (answer) {
          expect(answer.status, `${attempt.kind}: ${answer.body}`).toBeGreaterThanOrEqual(400);
          expect(answer.status === 503 || answer.status < 500, attempt.kind).toBe(true);
          errorBodySchema.parse(JSON.parse(answer.body));
        }
        expect(api.process.child.exitCode).toBeNull();
        expect((await fetch(`${api.url}/health`)).status).toBe(200);
      }),
      { numRuns: 200 },
    );
    console.info('campaign upload fuzz:', Object.fromEntries(kinds));

    // A dropped connection is noticed a moment later; then no import is left running.
    await expect
      .poll(() => campaigns.countDocuments({ state: 'importing' }), { timeout: 20_000 })
      .toBe(0);
    expect(await campaigns.countDocuments({ state: 'imported' })).toBe(0);
    // Some of them stored recipients before breaking (a late field comes after the file), but
    // only an imported campaign is ever fed to the queue: not one notification was made.
    const aborted = await campaigns.find({ state: 'aborted' }).lean();
    expect(aborted.reduce((sum, c) => sum + c.queued, 0)).toBeGreaterThan(0);
    expect(await notifications.countDocuments()).toBe(0);
  }, 120_000);
});
