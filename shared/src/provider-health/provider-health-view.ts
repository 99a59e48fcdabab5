import { z } from 'zod';
import { BREAKER_STATES } from '../events/status-event';

/**
 * The window `GET /api/v1/providers` sums over. Stats are kept per minute for an hour
 * (provider-stats-keys.ts), so a window longer than that would read expired minutes.
 */
export const PROVIDER_STATS_MAX_MINUTES = 60;
/** Five minutes: long enough to smooth a quiet provider's few calls, short enough to be "now". */
export const PROVIDER_STATS_DEFAULT_MINUTES = 5;

export const providersQuerySchema = z.object({
  minutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(PROVIDER_STATS_MAX_MINUTES)
    .default(PROVIDER_STATS_DEFAULT_MINUTES),
});
export type ProvidersQuery = z.infer<typeof providersQuerySchema>;

const count = z.number().int().nonnegative();

/** Each processor judges a provider by its own calls; this sums their verdicts. */
export const providerBreakerSummarySchema = z.object({
  /** `open` if any serving processor's breaker is open, else `half_open` if any is, else closed. */
  state: z.enum(BREAKER_STATES),
  open: count,
  half_open: count,
  /** Serving processors: those not open or half-open are closed. */
  replicas: count,
});
export type ProviderBreakerSummary = z.infer<typeof providerBreakerSummarySchema>;

/** A limit our side keeps toward the provider: `max` requests per `per_ms`. */
export const providerRateLimitSchema = z.object({
  max: z.number().int().positive(),
  per_ms: z.number().int().positive(),
});

export const providerHealthSchema = z.object({
  provider: z.string(),
  /** Calls that reached the provider in the window, whatever their outcome. */
  requests: count,
  sent: count,
  rate_limited: count,
  /** Transient (5xx, timeout, connection) and permanent (4xx) failures. */
  failed: count,
  /** sent / requests, 0 to 1; null without a request in the window. */
  success_rate: z.number().min(0).max(1).nullable(),
  /** From fixed latency buckets, interpolated within one; null without a request. */
  p95_latency_ms: z.number().nonnegative().nullable(),
  breaker: providerBreakerSummarySchema,
  /** Processors whose heartbeat says they serve this provider. */
  workers: count,
  served: z.boolean(),
  /** The limit on the provider's queue, or null when it has none. */
  rate_limit: providerRateLimitSchema.nullable(),
  /** Requests still allowed in the limiter's current window; null when unknown or unlimited. */
  headroom: count.nullable(),
});
export type ProviderHealth = z.infer<typeof providerHealthSchema>;

/** GET /api/v1/providers. */
export const providersHealthSchema = z.object({
  at: z.iso.datetime(),
  window_minutes: z.number().int().min(1).max(PROVIDER_STATS_MAX_MINUTES),
  providers: z.array(providerHealthSchema),
});
export type ProvidersHealth = z.infer<typeof providersHealthSchema>;
