import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { campaignViewSchema, type CampaignView } from '@notify/shared';
import { notificationModel, recipientChunkModel } from '@notify/shared/ledger/inspect';
import type { AcceptedEmail, EmailStats } from '../../mock-api/src/email-api/email-stats';
import { startPlatform, type Platform } from '../../scripts/stack/platform';
import { uploadCampaign } from './campaign-upload';
import { authHeaders, isolatedEnv } from './test-env';

/** What mock-api's e-mail API counts and keeps, as its /stats and /stats/email/messages show. */
export type EmailMockStats = ReturnType<EmailStats['summary']>;
export type { AcceptedEmail };

export interface CampaignStackOptions {
  /** The mock e-mail API's sliding window (ms per request per token). */
  mockWindowMs: number;
  /** The processor's side of the same limit: its window plus the margin it adds per send. */
  processorWindowMs: number;
  processorMarginMs: number;
  tokenTtlSeconds: number;
  /** Extra api environment, merged last (the browser test serves the built dashboard). */
  apiEnv?: Record<string, string>;
  /** Extra processor environment, merged last. */
  processorEnv?: Record<string, string>;
}

/**
 * mock-api (with the authenticated e-mail API), api and processor as production runs them,
 * e-mail through the e-mail API, with a test-sized rate limit and token lifetime.
 */
export async function startCampaignStack(label: string, options: CampaignStackOptions) {
  const env = isolatedEnv(label);
  const username = 'test-mailer';
  const password = randomBytes(18).toString('base64url');
  const logs = mkdtempSync(join(tmpdir(), `notify-${label}-`));
  const platform: Platform = await startPlatform({
    mongoUri: env.MONGODB_URI,
    redisUrl: env.REDIS_URL,
    env: {
      'mock-api': {
        LOG_LEVEL: 'warn',
        MOCK_EMAIL_USERNAME: username,
        MOCK_EMAIL_PASSWORD: password,
        MOCK_EMAIL_TOKEN_TTL_S: String(options.tokenTtlSeconds),
        MOCK_EMAIL_RATE_MAX: '1',
        MOCK_EMAIL_RATE_WINDOW_MS: String(options.mockWindowMs),
      },
      api: {
        QUEUE_PREFIX: env.QUEUE_PREFIX,
        API_KEYS: env.API_KEYS,
        EMAIL_PROVIDER: 'email-api',
        LOG_LEVEL: 'warn',
        ...options.apiEnv,
      },
      processor: {
        QUEUE_PREFIX: env.QUEUE_PREFIX,
        PROVIDERS: 'flaky,email-api',
        EMAIL_API_USERNAME: username,
        EMAIL_API_PASSWORD: password,
        EMAIL_API_RATE_MAX: '1',
        EMAIL_API_RATE_WINDOW_MS: String(options.processorWindowMs),
        EMAIL_API_RATE_MARGIN_MS: String(options.processorMarginMs),
        CAMPAIGN_TOKEN_SECRET: env.CAMPAIGN_TOKEN_SECRET,
        RETRY_BASE_DELAY_MS: '200',
        RETRY_MAX_DELAY_MS: '2000',
        LOG_LEVEL: 'warn',
        ...options.processorEnv,
      },
    },
    output: (name) => join(logs, `${name}.log`),
  });
  const db = await mongoose.createConnection(env.MONGODB_URI).asPromise();
  const mockJson = async <T>(path: string) =>
    (await (await fetch(`${platform.mockApi.url}${path}`)).json()) as T;

  return {
    platform,
    notifications: notificationModel(db),
    /** Imported recipients the campaign cursor has not fed yet (or removed, if never). */
    recipientChunks: recipientChunkModel(db),
    async upload(csv: Buffer | string, filename?: string): Promise<CampaignView> {
      const response = await uploadCampaign(platform.api.url, csv, { filename });
      if (response.status !== 201) throw new Error(`upload: ${await response.text()}`);
      return campaignViewSchema.parse(await response.json());
    },
    async campaign(id: string): Promise<CampaignView> {
      const response = await fetch(`${platform.api.url}/api/v1/campaigns/${id}`, {
        headers: authHeaders,
      });
      return campaignViewSchema.parse(await response.json());
    },
    emailStats: async () => (await mockJson<{ email: EmailMockStats }>('/stats')).email,
    acceptedEmails: async () =>
      (await mockJson<{ messages: AcceptedEmail[] }>('/stats/email/messages')).messages,
    async stop() {
      await db.close();
      await platform.stop();
    },
  };
}
export type CampaignStack = Awaited<ReturnType<typeof startCampaignStack>>;
