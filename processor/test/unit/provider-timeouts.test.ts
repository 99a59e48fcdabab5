import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProcessorConfig } from '../../src/config';
import { UncertainDeliveryError } from '../../src/providers/provider-errors';
import { createProvider } from '../../src/providers/provider-registry';
import { providerSettings } from '../../src/providers/provider-settings';
import { timeoutFor } from '../../src/providers/provider-timeouts';

const env = (extra: Record<string, string>) => ({
  MONGODB_URI: 'mongodb://127.0.0.1:27017/notify',
  REDIS_URL: 'redis://127.0.0.1:6379',
  CAMPAIGN_TOKEN_SECRET: 'x'.repeat(32),
  PROVIDERS: 'flaky,flaky-b',
  ...extra,
});

describe('per-provider timeouts', () => {
  // A provider that takes every request and never answers.
  let silent: Server;
  let url: string;
  beforeAll(async () => {
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    silent.closeAllConnections();
    silent.close();
  });

  it('gives each listed provider its own timeout, and the rest the default', () => {
    const config = readProcessorConfig(env({ PROVIDER_TIMEOUTS: 'smtp:30000, flaky-b:2500' }));
    expect(timeoutFor(config, 'smtp')).toBe(30_000);
    expect(timeoutFor(config, 'flaky-b')).toBe(2500);
    expect(timeoutFor(config, 'flaky')).toBe(10_000);
  });

  it('refuses an unknown provider, a malformed entry and a timeout under 100 ms', () => {
    for (const [value, message] of [
      ['nosuch:1000', /unknown provider "nosuch"/],
      ['flaky=1000', /is not name:ms/],
      ['flaky:50', /at least 100 ms/],
      ['flaky:1000,flaky:2000', /listed twice/],
    ] as const) {
      expect(() => readProcessorConfig(env({ PROVIDER_TIMEOUTS: value }))).toThrow(message);
    }
  });

  it("cuts a silent provider's call at its own timeout, not the default", async () => {
    const config = readProcessorConfig(
      env({ MOCK_API_URL: url, FLAKY_B_URL: url, PROVIDER_TIMEOUTS: 'flaky-b:300' }),
    );
    const gate = () => async () => undefined;
    const provider = createProvider('flaky-b', providerSettings(config, gate, 'flaky-b'));
    const started = Date.now();
    const sending = provider.send({
      notificationId: 'n-1',
      type: 'sms',
      recipient: '+14155550100',
      subject: null,
      message: 'hi',
    });
    await expect(sending).rejects.toBeInstanceOf(UncertainDeliveryError);
    // Well under the 10 s default: the override, not the default, cut it.
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(sending).rejects.toThrow(/within 300 ms/);
  });
});
