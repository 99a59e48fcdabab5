import { z } from 'zod';
import {
  loadConfig,
  providerChainSchema,
  queuePrefixSchema,
  routeFrom,
  routingStrategySchema,
} from '@notify/shared';
import { apiKeysSchema } from './auth/api-keys';

export const apiConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /**
   * Prometheus's /metrics gets a listener of its own, never the public PORT. Unset (or empty):
   * none; 0 picks a free port (tests). Loopback by default; compose sets 0.0.0.0 on its
   * internal network and publishes nothing of it.
   */
  METRICS_PORT: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.coerce.number().int().min(0).max(65535).optional(),
  ),
  METRICS_HOST: z.string().default('127.0.0.1'),
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
  /**
   * Which provider delivers each channel; must match a provider the processor knows. The
   * single-provider form; a chain below, when given, takes its place.
   */
  EMAIL_PROVIDER: z.string().min(1).default('email-api'),
  SMS_PROVIDER: z.string().min(1).default('flaky'),
  /** Ordered provider chains per channel (`email-api,smtp`); unset: a chain of the one above. */
  EMAIL_PROVIDERS: providerChainSchema,
  SMS_PROVIDERS: providerChainSchema,
  /** fallback: every notification targets the chain's first; round-robin: spread at intake. */
  EMAIL_ROUTING: routingStrategySchema,
  SMS_ROUTING: routingStrategySchema,
  /**
   * A request waits this long for MongoDB before the api answers 503; a busy store (SQLite's
   * write lock under FerretDB) is retried within the same budget.
   */
  MONGODB_TIMEOUT_MS: z.coerce.number().int().positive().default(2000),
  /**
   * How long an Idempotency-Key is remembered (seconds): a repeat within it replays the first
   * answer, one after it is a new request. 24 h, as Novu and Stripe keep theirs.
   */
  IDEMPOTENCY_TTL_S: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 60 * 60),
  /** Seconds a client is told to wait (Retry-After) when a dependency is down. */
  UNAVAILABLE_RETRY_AFTER_S: z.coerce.number().int().positive().default(5),
  /** API keys as hashes: `name:read|write|read+write:sha256hex`, comma-separated. */
  API_KEYS: apiKeysSchema,
  /** Lets every request through without a key. Local experiments only; never in production. */
  AUTH_DISABLED: z.stringbool().default(false),
  /** Requests a second per API key (or per IP without one), across all api replicas. */
  RATE_LIMIT_PER_SECOND: z.coerce.number().int().min(1).default(200),
  /**
   * Requests a minute per client address without a valid key (each answered 401, then 429).
   * A dashboard opened with a mistyped key makes a handful of requests and a person retypes
   * a key a few times a minute; 60 leaves room for both, while a flood is cut to one a second.
   */
  UNAUTHENTICATED_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Browser origins allowed to call the api cross-origin; empty: same origin only. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ message: 'each origin must be a URL such as https://ops.example.com' }))),
  /** Proxies in front of the api (nginx in compose) whose X-Forwarded-For is trusted. */
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  /** The built dashboard (dashboard/dist) to serve at /; unset serves none. */
  DASHBOARD_DIR: z.string().optional(),
  /** Live pushes: coalesced row changes at most every 100 ms (≤10 pushes/s per client)... */
  LIVE_FLUSH_MS: z.coerce.number().int().min(10).default(100),
  /** ...and the header (counters, queues, breakers, throughput) every second. */
  OVERVIEW_PUSH_MS: z.coerce.number().int().min(100).default(1000),
  /**
   * Test hook for the fault tests: the process kills itself right after storing a
   * notification and before enqueuing it, the one gap the reconciler exists to repair.
   */
  FAULT_CRASH_AFTER_STORE: z.stringbool().default(false),
  /** Campaign CSV uploads: 100 MiB holds about 3 million typical addresses. */
  CAMPAIGN_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(100 * 1024 * 1024),
  /**
   * Longest CSV record accepted (bytes). An address is at most 254 characters; 8 KiB leaves
   * room for a spreadsheet export's other columns, and refuses a runaway line (a missing
   * newline, an unclosed quote) at once instead of buffering megabytes of it.
   */
  CAMPAIGN_MAX_RECORD_BYTES: z.coerce
    .number()
    .int()
    .min(512)
    .default(8 * 1024),
  /** Most fields in one CSV record: a CRM export's columns, not a line of 100,000 commas. */
  CAMPAIGN_MAX_FIELDS: z.coerce.number().int().min(1).default(100),
  /**
   * While a file is imported the api refreshes its campaign's heartbeat this often; the
   * processor cancels a campaign whose heartbeat is older than its CAMPAIGN_IMPORT_STALE_MS
   * (60 s by default: six missed beats), the sign of an api that died mid-import.
   */
  CAMPAIGN_HEARTBEAT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Large enough for the biggest message (10,000 characters) plus JSON overhead. */
  BODY_LIMIT: z.string().default('64kb'),
  /**
   * In-flight requests get this long to finish on SIGTERM (an intake request needs at most
   * MONGODB_TIMEOUT_MS plus an enqueue); with the 5 s close margin the api is gone within
   * 9 s, inside Docker's default 10 s stop timeout. Longer uploads are cut off.
   */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().nonnegative().default(4000),
});

export type ApiConfig = z.infer<typeof apiConfigSchema>;

/** Each channel's provider chain and strategy, the legacy single provider as a chain of one. */
export const apiRoutes = (config: ApiConfig) => ({
  email: routeFrom(config.EMAIL_PROVIDERS, config.EMAIL_PROVIDER, config.EMAIL_ROUTING),
  sms: routeFrom(config.SMS_PROVIDERS, config.SMS_PROVIDER, config.SMS_ROUTING),
});

/** An api that anyone on the network can write to is refused at start-up. */
const withAuthDecision = apiConfigSchema.refine((c) => c.AUTH_DISABLED || c.API_KEYS.length > 0, {
  message: 'set API_KEYS (npm run api-key -- <name> read+write) or AUTH_DISABLED=true',
  path: ['API_KEYS'],
});

export const readApiConfig = (env: Record<string, string | undefined> = process.env): ApiConfig =>
  loadConfig(withAuthDecision, env);
