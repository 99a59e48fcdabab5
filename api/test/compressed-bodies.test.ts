import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '@notify/shared';
import { buildNotification } from '../../test/support/build-notification';
import { startInProcessApi, type InProcessApi } from '../../test/support/in-process-api';
import { authHeaders, isolatedEnv } from '../../test/support/test-env';

const COMPRESS = { gzip: gzipSync, br: brotliCompressSync, deflate: deflateSync } as const;
const ENCODINGS = Object.keys(COMPRESS) as (keyof typeof COMPRESS)[];
const JSON_ROUTES = ['/api/v1/notifications', '/api/v1/notifications/retry'];

/** Bodies a decoder refuses: not compressed at all, and a real stream cut off half-way. */
const corrupt = (encoding: keyof typeof COMPRESS) => ({
  'not compressed': Buffer.from(JSON.stringify(buildNotification())),
  truncated: COMPRESS[encoding](Buffer.from(JSON.stringify(buildNotification()))).subarray(0, 12),
});

describe('request bodies with a content-encoding', () => {
  let api: InProcessApi;
  beforeAll(async () => {
    api = await startInProcessApi(isolatedEnv('encodings'));
  });
  afterAll(() => api.stop());

  const send = (path: string, encoding: string, body: Buffer) =>
    fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': encoding, ...authHeaders },
      body: new Uint8Array(body),
    });

  it.each(ENCODINGS)('accepts a valid %s body', async (encoding) => {
    const body = COMPRESS[encoding](Buffer.from(JSON.stringify(buildNotification())));
    expect((await send('/api/v1/notifications', encoding, body)).status).toBe(202);
  });

  describe.each(ENCODINGS)('a corrupt %s body', (encoding) => {
    it.each(JSON_ROUTES)('gets 400 naming the encoding on %s, never a 500', async (path) => {
      for (const [kind, body] of Object.entries(corrupt(encoding))) {
        const response = await send(path, encoding, body);
        expect(response.status, kind).toBe(400);
        const error = errorBodySchema.parse(await response.json());
        expect(error.error, kind).toBe('invalid_content_encoding');
        expect(error.message, kind).toContain(encoding);
      }
      expect((await api.get('/health')).status).toBe(200);
    });
  });

  it('answers 400, not 500, for a path parameter that is not valid %-encoding', async () => {
    const response = await api.get('/api/v1/notifications/%E0%A4%A');
    expect(response.status).toBe(400);
    expect(errorBodySchema.parse(await response.json()).error).toBe('bad_request');
  });

  it('stored nothing for the corrupt bodies', async () => {
    const valid = ENCODINGS.length;
    expect(await api.notifications.countDocuments()).toBe(valid);
  });
});
