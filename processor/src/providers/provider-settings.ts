import type { ProcessorConfig } from '../config';
import type { ProviderSettings } from './provider-registry';
import { timeoutFor } from './provider-timeouts';

/** What the provider `name` needs from the processor's configuration. */
export const providerSettings = (
  config: ProcessorConfig,
  sendGate: ProviderSettings['sendGate'],
  name: string,
): ProviderSettings => ({
  sendGate,
  mockApiUrl: config.MOCK_API_URL,
  flakyBUrl: config.FLAKY_B_URL,
  providerTimeoutMs: timeoutFor(config, name),
  emailApi: {
    url: config.EMAIL_API_URL,
    // Required by the config whenever email-api is in PROVIDERS.
    username: config.EMAIL_API_USERNAME ?? '',
    password: config.EMAIL_API_PASSWORD ?? '',
    renewBeforeMs: config.EMAIL_API_TOKEN_RENEW_BEFORE_MS,
  },
  smtp: {
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    tls: config.SMTP_TLS,
    // The config lets only both or neither through.
    auth:
      config.SMTP_USER && config.SMTP_PASSWORD
        ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD }
        : null,
    from: config.SMTP_FROM,
    poolSize: config.SMTP_POOL_SIZE,
    messageIdDomain: config.SMTP_MESSAGE_ID_DOMAIN,
  },
});
