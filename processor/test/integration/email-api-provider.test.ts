import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@notify/shared';
import { readMockConfig } from '../../../mock-api/src/config';
import { startMockApi, type RunningMockApi } from '../../../mock-api/src/mock-server';
import { emailApiProvider } from '../../src/providers/email-api/email-api-provider';
import type { OutboundMessage } from '../../src/providers/provider';
import {
  PermanentProviderError,
  RateLimitedError,
  TransientProviderError,
} from '../../src/providers/provider-errors';

const USERNAME = 'adapter-test';
const PASSWORD = 'adapter-test-password';

/** The adapter against the real mock e-mail API (its HTTP contract), not a stub of it. */
describe('the e-mail API adapter', () => {
  let mock: RunningMockApi | undefined;
  afterEach(() => mock?.stop());

  const start = async (env: Record<string, string> = {}) => {
    mock = await startMockApi(
      readMockConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        MOCK_EMAIL_USERNAME: USERNAME,
        MOCK_EMAIL_PASSWORD: PASSWORD,
        // Unlimited unless a test is about the limit.
        MOCK_EMAIL_RATE_MAX: '1000',
        ...env,
      }),
      createLogger('email-adapter-test', 'silent'),
    );
    return mock;
  };
  const adapter = (url: string, password = PASSWORD) =>
    emailApiProvider({
      baseUrl: url,
      username: USERNAME,
      password,
      timeoutMs: 5000,
      renewBeforeMs: 60_000,
      sendGate: async () => undefined,
    });
  const email = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
    notificationId: 'n-1',
    type: 'email',
    recipient: 'ana@example.com',
    subject: 'Welcome',
    message: 'Hello Ana',
    ...overrides,
  });
  const emailStats = async (url: string) =>
    ((await (await fetch(`${url}/stats`)).json()) as { email: Record<string, number> }).email;

  it('sends with one token shared by concurrent sends, and returns the message id', async () => {
    const { url } = await start();
    const provider = adapter(url);
    const receipts = await Promise.all(
      Array.from({ length: 5 }, (_, i) => provider.send(email({ recipient: `r${i}@example.com` }))),
    );
    for (const receipt of receipts) {
      expect(receipt.httpStatus).toBe(202);
      expect(receipt.providerMessageId).toMatch(/^msg_/);
    }
    expect(await emailStats(url)).toMatchObject({ tokensIssued: 1, accepted: 5 });
  });

  it('fails a bad address permanently, with the provider detail as the reason', async () => {
    const { url } = await start();
    const error = await adapter(url)
      .send(email({ recipient: 'not-an-address' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentProviderError);
    expect((error as Error).message).toContain('Invalid email address format');
  });

  it('refuses to send an SMS, permanently', async () => {
    const { url } = await start();
    await expect(adapter(url).send(email({ type: 'sms' }))).rejects.toBeInstanceOf(
      PermanentProviderError,
    );
  });

  it('turns a 429 into a rate-limit error carrying Retry-After', async () => {
    const { url } = await start({ MOCK_EMAIL_RATE_MAX: '1', MOCK_EMAIL_RATE_WINDOW_MS: '4000' });
    const provider = adapter(url);
    await provider.send(email());
    const error = await provider.send(email({ recipient: 'bo@example.com' })).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(4000);
  });

  it('treats 500/502/503 as transient', async () => {
    const { url } = await start({ MOCK_EMAIL_ERROR_PERCENT: '100' });
    const error = await adapter(url)
      .send(email())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientProviderError);
    expect([500, 502, 503]).toContain((error as TransientProviderError).httpStatus);
  });

  it('treats wrong credentials as transient, so a config fix needs no replay', async () => {
    const { url } = await start();
    const error = await adapter(url, 'wrong-password')
      .send(email())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientProviderError);
    expect((error as Error).message).toBe('HTTP 401: auth: Invalid credentials');
    expect((error as Error).message).not.toContain('wrong-password');
  });

  it('treats an unreachable API as transient', async () => {
    const { url } = await start();
    await mock?.stop();
    mock = undefined;
    await expect(adapter(url).send(email())).rejects.toBeInstanceOf(TransientProviderError);
  });
});
