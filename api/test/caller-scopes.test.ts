import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerSchema, errorBodySchema } from '@notify/shared';
import { startInProcessApi, type InProcessApi } from '../../test/support/in-process-api';
import { isolatedEnv } from '../../test/support/test-env';

const hash = (key: string) => createHash('sha256').update(key).digest('hex');
const READER = 'nk_reader_me_0123456789abcdef';
const WRITER = 'nk_writer_me_0123456789abcdef';
const SENDER = 'nk_sender_me_0123456789abcdef';

/** GET /api/v1/me tells a client what its key may do, so it never offers a write it may not. */
describe("the caller's own scopes", () => {
  let api: InProcessApi;
  beforeAll(async () => {
    api = await startInProcessApi({
      ...isolatedEnv('caller'),
      API_KEYS: [
        `viewer:read:${hash(READER)}`,
        `ops:read+write:${hash(WRITER)}`,
        `sender:write:${hash(SENDER)}`,
      ].join(','),
    });
  });
  afterAll(() => api.stop());

  const me = (key?: string) => api.get('/api/v1/me', key ? { authorization: `Bearer ${key}` } : {});

  it('names a read-only key and says it may only read', async () => {
    const response = await me(READER);
    expect(response.status).toBe(200);
    expect(callerSchema.parse(await response.json())).toEqual({
      name: 'viewer',
      scopes: ['read'],
    });
  });

  it('says a read+write key may write, and answers a write-only key too', async () => {
    expect(callerSchema.parse(await (await me(WRITER)).json()).scopes.sort()).toEqual([
      'read',
      'write',
    ]);
    expect(callerSchema.parse(await (await me(SENDER)).json())).toEqual({
      name: 'sender',
      scopes: ['write'],
    });
  });

  it('answers 401 without a valid key', async () => {
    const none = await me();
    expect(none.status).toBe(401);
    expect(errorBodySchema.parse(await none.json()).error).toBe('unauthorized');
    expect((await me('nk_not_a_key')).status).toBe(401);
  });
});
