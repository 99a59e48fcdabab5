import { z } from 'zod';
import {
  loadConfig,
  providerChainSchema,
  queuePrefixSchema,
  routingStrategySchema,
} from '@notify/shared';
import { providerRateLimitsSchema } from './delivery/rate-limit-settings';
import { KNOWN_PROVIDERS } from './providers/provider-registry';
import { providerTimeoutsSchema } from './providers/provider-timeouts';
import { SMTP_TLS_MODES } from './providers/smtp/smtp-provider';

const int = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

const knownChain = providerChainSchema.refine(
  (names) => names.every((n) => KNOWN_PROVIDERS.includes(n)),
  { message: `must be a comma-separated list of: ${KNOWN_PROVIDERS.join(', ')}` },
);

export const processorConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MONGODB_URI: z.url({ message: 'must be a mongodb:// URL' }),
  /**
   * Diagnostic: a file to append the shape of every MongoDB query and write to (field names
   * and operators, never values), as the query-shape check reads it. Unset records nothing.
   */
  MONGODB_COMMAND_LOG: z.string().min(1).optional(),
  REDIS_URL: z.url({ message: 'must be a redis:// URL' }),
  /** BullMQ key prefix: lets several environments share one Redis without seeing each other. */
  QUEUE_PREFIX: queuePrefixSchema,
  MOCK_API_URL: z.url({ message: 'must be an http:// URL' }).default('http://127.0.0.1:1337'),
  /** The second simulated provider, flaky-b (mock-api's MOCK_FLAKY_B_PORT). */
  FLAKY_B_URL: z.url({ message: 'must be an http:// URL' }).default('http://127.0.0.1:1338'),
  /** Providers this processor delivers for (one queue and one breaker each). */
  PROVIDERS: z
    .string()
    .default('flaky,email-api')
    .transform((value) =>
      value
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .refine((names) => names.length > 0 && names.every((n) => KNOWN_PROVIDERS.includes(n)), {
      message: `must be a comma-separated list of: ${KNOWN_PROVIDERS.join(', ')}`,
    }),
  /**
   * Each channel's ordered provider chain and strategy, as the api reads them (empty: the
   * api's single EMAIL_PROVIDER / SMS_PROVIDER). Validated here against the known providers so
   * a typo stops the processor at start-up rather than leaving a queue nobody serves.
   */
  EMAIL_PROVIDERS: knownChain,
  SMS_PROVIDERS: knownChain,
  EMAIL_ROUTING: routingStrategySchema,
  SMS_ROUTING: routingStrategySchema,
  /**
   * Move on to the next provider after a timeout or a connection lost after the message went
   * out too. Off: that provider may have delivered, and the next one would send a duplicate.
   * On: no notification waits on a hung provider, at the cost of possible duplicates.
   */
  FAILOVER_AFTER_UNCERTAIN: z.stringbool().default(false),
  /**
   * Under `fallback`, a provider at its rate limit keeps its notifications waiting their turn:
   * its pace is part of what the operator chose it for. On: they spill over to the next
   * provider of the chain that has room instead. (`round-robin` always spills over.)
   */
  EMAIL_SPILLOVER: z.stringbool().default(false),
  SMS_SPILLOVER: z.stringbool().default(false),
  /** Per-provider limits, `name:max/windowMs,…` (rate-limit-settings.ts); unset: unlimited. */
  PROVIDER_RATE_LIMITS: providerRateLimitsSchema(KNOWN_PROVIDERS),
  /**
   * Added to each of those windows. The limiter admits by Redis's clock, the provider counts
   * arrivals: 100 ms covers the event loop and a LAN carrying two requests unevenly between
   * the two, at 10% of a 1 s window's pace.
   */
  PROVIDER_RATE_LIMIT_MARGIN_MS: int(100),
  /** Sends are I/O bound and 20% of them take 5 s, so many run at once per process. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(50),
  /** Twice the provider's 5 s slow path: a slow success must not look like a timeout. */
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Per-provider overrides of PROVIDER_TIMEOUT_MS, `name:ms,…` (see provider-timeouts.ts). */
  PROVIDER_TIMEOUTS: providerTimeoutsSchema(KNOWN_PROVIDERS),
  /** Transient failures allowed per notification before it is dead-lettered. */
  MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  /** Age after which a notification stops being retried at all (429s included): one day. */
  MAX_AGE_MS: int(24 * 3600 * 1000),
  /** Full-jitter backoff: delay = random(0, min(cap, base · 2^(n-1))); 1 s base, 1 min cap. */
  RETRY_BASE_DELAY_MS: int(1000),
  RETRY_MAX_DELAY_MS: int(60_000),
  /** Used when a 429 carries no hint. */
  RATE_LIMIT_DEFAULT_DELAY_MS: int(30_000),
  /** Caps an absurd Retry-After so a notification is not parked for hours. */
  RATE_LIMIT_MAX_DELAY_MS: int(120_000),
  /** Spread added on top of the hint so rate-limited jobs don't return in one burst. */
  RATE_LIMIT_JITTER_MS: int(2000),
  /** Breaker: open at ≥50% failures over a 10 s window once 10 calls were seen... */
  BREAKER_ERROR_PERCENT: z.coerce.number().int().min(1).max(100).default(50),
  BREAKER_VOLUME_THRESHOLD: z.coerce.number().int().min(1).default(10),
  BREAKER_WINDOW_MS: int(10_000),
  /** ...and try one call again after 15 s. */
  BREAKER_RESET_MS: int(15_000),
  /** How long a job waits when MongoDB is unreachable before it tries again. */
  STORE_RETRY_DELAY_MS: int(5000),
  MONGODB_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** The reconciler re-enqueues unfinished notifications untouched for this long... */
  RECONCILE_STALE_MS: int(60_000),
  /** ...checking this often (and once at start-up). */
  RECONCILE_INTERVAL_MS: int(30_000),
  // The ledger's views against the whole collection: one full read, so rarely (6 h); 0 = off.
  LEDGER_AUDIT_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(6 * 3600 * 1000),
  /** In-flight sends get this long to finish on SIGTERM; more than the provider timeout. */
  SHUTDOWN_GRACE_MS: int(15_000),
  /**
   * How often the processor tells Redis which providers it serves. The api counts it gone
   * after three missed beats (15 s), so a dead processor shows up within seconds. At least
   * 100 ms: faster beats would only load Redis.
   */
  WORKER_HEARTBEAT_MS: z.coerce.number().int().min(100).default(5000),
  /** The authenticated e-mail API (see mock-api for a local one). */
  EMAIL_API_URL: z.url({ message: 'must be an http(s):// URL' }).default('http://127.0.0.1:1337'),
  EMAIL_API_USERNAME: z.string().min(1).optional(),
  EMAIL_API_PASSWORD: z.string().min(1).optional(),
  /** Tokens live 30 min; renewing a minute early keeps a slow send from carrying a dead one. */
  EMAIL_API_TOKEN_RENEW_BEFORE_MS: int(60_000),
  /** Its documented limit: 1 request per 10 s ("low rate limit must be respected")... */
  EMAIL_API_RATE_MAX: z.coerce.number().int().min(1).default(1),
  EMAIL_API_RATE_WINDOW_MS: z.coerce.number().int().min(1).default(10_000),
  /**
   * ...with this much added to the window. Each request is admitted just before it leaves
   * (the Redis limiter), so the margin only covers how unevenly the network delivers two
   * requests; 250 ms is generous for that and costs 2.5% of the provider's pace.
   */
  EMAIL_API_RATE_MARGIN_MS: int(250),
  /** An SMTP server or relay; the defaults are mock-api's local sink (`npm start` runs it). */
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(2525),
  /** implicit (TLS from the start, port 465), starttls (required), opportunistic, none. */
  SMTP_TLS: z.enum(SMTP_TLS_MODES).default('opportunistic'),
  /** Both or neither; sent only over TLS unless the server is on this machine. */
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  SMTP_FROM: z
    .string()
    .regex(/^[^\r\n]*@[^\r\n]*$/, { message: 'must be one line with an e-mail address' })
    .default('Notify <notify@notify.local>'),
  /**
   * Connections kept open to the server; sends beyond them wait for a free one. Five is
   * nodemailer's default, and relays commonly cap concurrent connections per client near it.
   */
  SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  /** Message-IDs are `<notification id@this domain>`, so a resend is traceable. */
  SMTP_MESSAGE_ID_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/, { message: 'must be a domain name' })
    .default('notify.local'),
  /**
   * A campaign still importing whose heartbeat (refreshed by the api every
   * CAMPAIGN_HEARTBEAT_MS, 10 s) is older than this had its api die mid-import: it is
   * aborted and its stored recipients removed, never sent. Six missed beats, so a slow write or a few
   * seconds of clock difference between hosts never cancel a live import.
   */
  CAMPAIGN_IMPORT_STALE_MS: z.coerce.number().int().min(1000).default(60_000),
  /**
   * How often the campaign cursor looks at each campaign's queue and refills it. Half a
   * second: a fast provider (100+/s) never drains a chunk (1,000) between two looks.
   */
  CAMPAIGN_FEED_INTERVAL_MS: z.coerce.number().int().min(50).default(500),
  /** Derives each campaign recipient's token from its stored nonce (HMAC-SHA256 key). */
  CAMPAIGN_TOKEN_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }),
});

export type ProcessorConfig = z.infer<typeof processorConfigSchema>;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** SMTP credentials come as a pair, and never cross a network in clear text. */
function checkSmtpCredentials(config: ProcessorConfig, ctx: z.RefinementCtx): void {
  if (Boolean(config.SMTP_USER) !== Boolean(config.SMTP_PASSWORD)) {
    const path = [config.SMTP_USER ? 'SMTP_PASSWORD' : 'SMTP_USER'];
    ctx.addIssue({ code: 'custom', path, message: 'SMTP_USER and SMTP_PASSWORD go together' });
    return;
  }
  const plaintext = config.SMTP_TLS === 'none' || config.SMTP_TLS === 'opportunistic';
  if (config.SMTP_USER && plaintext && !LOOPBACK_HOSTS.has(config.SMTP_HOST)) {
    ctx.addIssue({
      code: 'custom',
      path: ['SMTP_TLS'],
      message: 'must be implicit or starttls when SMTP credentials go to another host',
    });
  }
}

/** The e-mail API needs its credentials; a processor that would only fail sends is refused. */
const withCredentials = processorConfigSchema.superRefine((config, ctx) => {
  if (config.PROVIDERS.includes('smtp')) checkSmtpCredentials(config, ctx);
  if (!config.PROVIDERS.includes('email-api')) return;
  for (const key of ['EMAIL_API_USERNAME', 'EMAIL_API_PASSWORD'] as const) {
    if (!config[key])
      ctx.addIssue({ code: 'custom', path: [key], message: 'required by email-api' });
  }
});

export const readProcessorConfig = (
  env: Record<string, string | undefined> = process.env,
): ProcessorConfig => loadConfig(withCredentials, env);
