import { describe, expect, it } from 'vitest';
import { routeFrom } from '@notify/shared';
import { apiRoutes, readApiConfig } from '../src/config';
import { intakeProvider } from '../src/routing/intake-provider';

const base = {
  MONGODB_URI: 'mongodb://127.0.0.1/notify',
  REDIS_URL: 'redis://127.0.0.1:6379',
  AUTH_DISABLED: 'true',
};

describe('intake routing', () => {
  it('keeps the single-provider settings as a chain of one', () => {
    const routes = apiRoutes(readApiConfig({ ...base, EMAIL_PROVIDER: 'smtp' }));
    expect(routes.email).toEqual({ chain: ['smtp'], strategy: 'fallback' });
    expect(routes.sms).toEqual({ chain: ['flaky'], strategy: 'fallback' });
  });

  it('reads a chain and a strategy, and refuses a provider named twice', () => {
    const routes = apiRoutes(
      readApiConfig({ ...base, SMS_PROVIDERS: 'flaky, flaky-b', SMS_ROUTING: 'round-robin' }),
    );
    expect(routes.sms).toEqual({ chain: ['flaky', 'flaky-b'], strategy: 'round-robin' });
    expect(() => readApiConfig({ ...base, SMS_PROVIDERS: 'flaky,flaky' })).toThrow(/twice/);
    expect(() => readApiConfig({ ...base, SMS_ROUTING: 'random' })).toThrow(/SMS_ROUTING/);
  });

  it('targets the primary under fallback and spreads evenly under round-robin', () => {
    const pick = intakeProvider({
      email: routeFrom(['email-api', 'smtp'], 'email-api', 'fallback'),
      sms: routeFrom(['flaky', 'flaky-b'], 'flaky', 'round-robin'),
    });
    const counts = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const provider = pick('sms');
      counts.set(provider, (counts.get(provider) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ flaky: 500, 'flaky-b': 500 });
    expect(new Set(Array.from({ length: 10 }, () => pick('email')))).toEqual(
      new Set(['email-api']),
    );
  });
});
