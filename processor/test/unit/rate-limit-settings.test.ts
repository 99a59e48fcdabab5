import { describe, expect, it } from 'vitest';
import { readProcessorConfig } from '../../src/config';
import { enforcedRateLimits } from '../../src/delivery/rate-limit-settings';

const env = (extra: Record<string, string>) => ({
  MONGODB_URI: 'mongodb://127.0.0.1:27017/notify',
  REDIS_URL: 'redis://127.0.0.1:6379',
  CAMPAIGN_TOKEN_SECRET: 'x'.repeat(32),
  PROVIDERS: 'flaky,flaky-b',
  ...extra,
});

describe('per-provider rate limits in the processor config', () => {
  it('reads name:max/windowMs per provider and widens each window by the margin', () => {
    const config = readProcessorConfig(
      env({ PROVIDER_RATE_LIMITS: 'flaky:200/1000, flaky-b:5/60000' }),
    );
    expect(config.PROVIDER_RATE_LIMITS).toEqual({
      flaky: { max: 200, windowMs: 1000 },
      'flaky-b': { max: 5, windowMs: 60_000 },
    });
    const limits = enforcedRateLimits(config);
    expect(limits.get('flaky')).toEqual({ max: 200, windowMs: 1100 });
    // The e-mail API's documented limit is always one of them: 1 per 10 s plus 250 ms.
    expect(limits.get('email-api')).toEqual({ max: 1, windowMs: 10_250 });
  });

  it('leaves every other provider unlimited when unset', () => {
    const limits = enforcedRateLimits(readProcessorConfig(env({})));
    expect([...limits.keys()]).toEqual(['email-api']);
  });

  it.each([
    ['flaky:200', 'not name:max/windowMs'],
    ['nope:1/1000', 'unknown provider "nope"'],
    ['email-api:2/1000', 'EMAIL_API_RATE_MAX'],
    ['flaky:0/1000', 'at least 1'],
    ['flaky:1/1000,flaky:2/1000', 'listed twice'],
  ])('refuses %s at start-up, naming the problem', (value, message) => {
    expect(() => readProcessorConfig(env({ PROVIDER_RATE_LIMITS: value }))).toThrow(message);
  });
});
