import type { SendGate } from '../delivery/provider-rate-limit';
import type { NotificationProvider } from './provider';
import { emailApiProvider } from './email-api/email-api-provider';
import { flakyProvider } from './flaky/flaky-provider';
import { smtpProvider, type SmtpOptions } from './smtp/smtp-provider';

export interface ProviderSettings {
  /**
   * Waits for a turn under the provider's rate limit (shared by every replica), for a provider
   * whose request may leave well after the delivery handler took its turn (see email-api).
   */
  sendGate: (provider: string) => SendGate;
  mockApiUrl: string;
  flakyBUrl: string;
  providerTimeoutMs: number;
  emailApi: {
    url: string;
    username: string;
    password: string;
    renewBeforeMs: number;
  };
  /** The SMTP provider's settings less the timeout, which is providerTimeoutMs. */
  smtp: Omit<SmtpOptions, 'timeoutMs'>;
}

/** Adding a provider: a folder under providers/ and one entry here. */
const FACTORIES: Record<string, (settings: ProviderSettings) => NotificationProvider> = {
  flaky: (settings) =>
    flakyProvider({ baseUrl: settings.mockApiUrl, timeoutMs: settings.providerTimeoutMs }),
  // The same protocol on another address: a second provider to fail over or spread to.
  'flaky-b': (settings) =>
    flakyProvider({
      name: 'flaky-b',
      baseUrl: settings.flakyBUrl,
      timeoutMs: settings.providerTimeoutMs,
    }),
  'email-api': ({ emailApi, providerTimeoutMs, sendGate }) =>
    emailApiProvider({
      baseUrl: emailApi.url,
      username: emailApi.username,
      password: emailApi.password,
      timeoutMs: providerTimeoutMs,
      renewBeforeMs: emailApi.renewBeforeMs,
      sendGate: sendGate('email-api'),
    }),
  smtp: ({ smtp, providerTimeoutMs }) => smtpProvider({ ...smtp, timeoutMs: providerTimeoutMs }),
};

export const KNOWN_PROVIDERS = Object.keys(FACTORIES);

export function createProvider(name: string, settings: ProviderSettings): NotificationProvider {
  const factory = FACTORIES[name];
  if (!factory) throw new Error(`unknown provider "${name}"; known: ${KNOWN_PROVIDERS.join(', ')}`);
  return factory(settings);
}
