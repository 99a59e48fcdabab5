import { createHash, randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { databaseUri } from '../../scripts/stack/infrastructure';

/** One read+write key per test run; the api only ever sees its hash. */
export const TEST_API_KEY = `nk_test_${randomBytes(16).toString('hex')}`;
export const authHeaders = { authorization: `Bearer ${TEST_API_KEY}` };
export const TEST_API_KEYS_ENTRY = `tests:read+write:${createHash('sha256').update(TEST_API_KEY).digest('hex')}`;

export const TEST_TOKEN_SECRET = randomBytes(32).toString('base64url');

/** A database and a queue prefix of the test's own on the run's shared servers. */
export function isolatedEnv(label: string) {
  const suffix = `${label}-${randomBytes(4).toString('hex')}`;
  return {
    MONGODB_URI: databaseUri(inject('mongoUri'), `t-${suffix}`),
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: `t-${suffix}`,
    API_KEYS: TEST_API_KEYS_ENTRY,
    // Tests of the e-mail API and campaigns select it themselves (see campaign-stack.ts).
    EMAIL_PROVIDER: 'flaky',
    PROVIDERS: 'flaky',
    CAMPAIGN_TOKEN_SECRET: TEST_TOKEN_SECRET,
  };
}
