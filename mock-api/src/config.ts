import { z } from 'zod';
import { loadConfig } from '@notify/shared';

const percent = (fallback: number) => z.coerce.number().min(0).max(100).default(fallback);
/** An empty value (`KEY=` in a copied .env) means unset, not a zero-length secret. */
const optionalString = (minLength = 1) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.string().min(minLength).optional());

/** Defaults are the original provider's behaviour; every knob exists for tests and demos. */
export const mockConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(1337),
    HOST: z.string().default('0.0.0.0'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    MOCK_RATE_LIMIT_PERCENT: percent(30),
    MOCK_ERROR_PERCENT: percent(5),
    MOCK_SLOW_PERCENT: percent(20),
    MOCK_SLOW_DELAY_MS: z.coerce.number().int().nonnegative().default(5000),
    MOCK_RETRY_AFTER_SECONDS: z.coerce.number().int().nonnegative().default(30),
    MOCK_SEED: z.coerce.number().int().optional(),
    MOCK_CONTROL_ENABLED: z.stringbool().default(true),
    // No defaults: secrets never live in code; unset, every token request gets 401.
    MOCK_EMAIL_USERNAME: optionalString(),
    MOCK_EMAIL_PASSWORD: optionalString(),
    // Unset: a random secret per start-up, as tokens need not outlive the mock.
    MOCK_EMAIL_JWT_SECRET: optionalString(32),
    // The e-mail API's 30-minute tokens; tests shorten it to watch them expire.
    MOCK_EMAIL_TOKEN_TTL_S: z.coerce.number().int().min(1).default(1800),
    // The e-mail API's own limit: 1 request per 10 s per token.
    MOCK_EMAIL_RATE_MAX: z.coerce.number().int().min(1).default(1),
    MOCK_EMAIL_RATE_WINDOW_MS: z.coerce.number().int().min(1).default(10_000),
    // The contract names its 5xx answers but not their odds, so failures are opt-in.
    MOCK_EMAIL_ERROR_PERCENT: percent(0),
    // The SMTP sink's own port: unset (or empty) runs no sink, 0 takes any free port (tests);
    // npm start sets 2525, where the processor's SMTP provider looks by default.
    MOCK_SMTP_PORT: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.coerce.number().int().min(0).max(65535).optional(),
    ),
    // A second simulated provider (`flaky-b`, same odds) on a port of its own, for failover
    // and round-robin: unset (or empty) runs none, 0 takes any free port (tests).
    MOCK_FLAKY_B_PORT: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.coerce.number().int().min(0).max(65535).optional(),
    ),
    // /stats of flaky and flaky-b also report the most requests that arrived within any
    // window of this length (`?window=` overrides it), so a test can prove a sender's limit.
    MOCK_WINDOW_MS: z.coerce.number().int().min(1).optional(),
    // Both set: the sink requires AUTH with them (535 otherwise). Unset: it takes any mail.
    MOCK_SMTP_USER: optionalString(),
    MOCK_SMTP_PASSWORD: optionalString(),
  })
  .refine((c) => c.MOCK_RATE_LIMIT_PERCENT + c.MOCK_ERROR_PERCENT + c.MOCK_SLOW_PERCENT <= 100, {
    message: 'rate-limit, error and slow percentages must add up to 100 or less',
    path: ['MOCK_SLOW_PERCENT'],
  })
  .refine((c) => Boolean(c.MOCK_SMTP_USER) === Boolean(c.MOCK_SMTP_PASSWORD), {
    message: 'MOCK_SMTP_USER and MOCK_SMTP_PASSWORD go together',
    path: ['MOCK_SMTP_PASSWORD'],
  });

export type MockConfig = z.infer<typeof mockConfigSchema>;

export const readMockConfig = (env: Record<string, string | undefined> = process.env): MockConfig =>
  loadConfig(mockConfigSchema, env);
