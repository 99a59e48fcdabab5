import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationSchema, errorBodySchema } from '@notify/shared';
import { startApp, type AppProcess } from '../../scripts/stack/platform';
import { buildNotification } from '../../test/support/build-notification';
import { startInProcessApi, type InProcessApi } from '../../test/support/in-process-api';
import { authHeaders, isolatedEnv } from '../../test/support/test-env';

interface Attempt {
  body: string;
  contentType: string;
}

const valid = buildNotification();
const jsonBody = (value: unknown): Attempt => ({
  body: JSON.stringify(value),
  contentType: 'application/json',
});
const weirdText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e',
    'null',
    '{}',
    '$where',
    '{"$gt":""}',
    '😀'.repeat(50),
  ),
  fc.string({ minLength: 2000, maxLength: 20_000 }),
);
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 4 }), weirdText, fc.constant(undefined));
const deep = fc
  .integer({ min: 50, max: 3000 })
  .map((depth) => '['.repeat(depth) + ']'.repeat(depth));
const fields = ['type', 'recipient', 'message', 'campaign_id'] as const;

/** Malformed requests of every kind; a generated body that happens to be valid is discarded. */
const malformed: fc.Arbitrary<Attempt> = fc
  .oneof(
    // a valid body with one field replaced by anything at all
    fc
      .record({ field: fc.constantFrom(...fields), value: anyValue })
      .map(({ field, value }) => jsonBody({ ...valid, [field]: value })),
    // missing fields
    fc
      .subarray([...fields], { maxLength: 3 })
      .map((keep) => jsonBody(Object.fromEntries(keep.map((k) => [k, valid[k]])))),
    // extra fields, including prototype keys and operators
    fc
      .dictionary(
        fc.oneof(
          fc.string({ maxLength: 12 }),
          fc.constantFrom('__proto__', 'constructor', '$set', 'prototype'),
        ),
        anyValue,
        { minKeys: 1, maxKeys: 4 },
      )
      .filter((extra) => Object.keys(extra).some((k) => !(fields as readonly string[]).includes(k)))
      .map((extra) => ({
        body: JSON.stringify(valid).replace(/}$/, `,${JSON.stringify(extra).slice(1)}`),
        contentType: 'application/json',
      })),
    // any JSON value as the whole body
    fc.jsonValue({ maxDepth: 5 }).map(jsonBody),
    // deep nesting and raw garbage
    deep.map((body) => ({ body, contentType: 'application/json' })),
    weirdText.map((body) => ({ body, contentType: 'application/json' })),
    // a valid body under the wrong content type
    fc
      .constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data',
        'application/xml',
        '',
      )
      .map((contentType) => ({ body: JSON.stringify(valid), contentType })),
  )
  .filter((attempt) => {
    if (attempt.contentType !== 'application/json') return true;
    try {
      return !createNotificationSchema.safeParse(JSON.parse(attempt.body)).success;
    } catch {
      return true;
    }
  });

describe('a thousand generated malformed requests against the running api', () => {
  let api: AppProcess;
  let reader: InProcessApi;
  beforeAll(async () => {
    const env = isolatedEnv('fuzz');
    api = await startApp(
      'api',
      { ...env, LOG_LEVEL: 'warn', RATE_LIMIT_PER_SECOND: '100000' },
      'ignore',
    );
    reader = await startInProcessApi(env);
  });
  afterAll(async () => {
    await api?.process.stop();
    await reader?.stop();
  });

  it('answers every one with a JSON 4xx, stays up, and stores nothing', async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(malformed, async ({ body, contentType }) => {
        sent += 1;
        const headers: Record<string, string> = { ...authHeaders };
        if (contentType) headers['content-type'] = contentType;
        const response = await fetch(`${api.url}/api/v1/notifications`, {
          method: 'POST',
          headers,
          body,
        });
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        errorBodySchema.parse(await response.json());
      }),
      { numRuns: 1000 },
    );
    expect(sent).toBeGreaterThanOrEqual(1000);
    expect(api.process.child.exitCode).toBeNull();
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
    expect(await reader.notifications.countDocuments()).toBe(0);
    expect(await reader.queue.count()).toBe(0);
  }, 180_000);
});
