import { ATTEMPT_OUTCOMES, type AttemptOutcome } from '../notifications/notification-status';
import { ATTEMPT_BUCKETS_S } from '../metrics/notify-metrics';

/**
 * Provider stats live in one Redis hash per provider per minute, written by every processor
 * (HINCRBY, so replicas add up) and summed by the api over the minutes it shows. Keys start
 * with the queue prefix, so with `{notify}` they share the platform's hash-tag slot.
 */
export const providerStatsKey = (queuePrefix: string, provider: string, minute: number): string =>
  `${queuePrefix}:provider:${provider}:stats:${minute}`;

/** Each processor's breaker state for a provider: one hash field per processor instance. */
export const providerBreakersKey = (queuePrefix: string, provider: string): string =>
  `${queuePrefix}:provider:${provider}:breakers`;

/**
 * A provider's sliding-window log of recent requests (the processors' rate limiter), inside the
 * queue prefix's hash tag (added when the prefix has none), so its one-key script is legal on a
 * Redis Cluster. The api reads it to show headroom.
 */
export const rateLimitKey = (queuePrefix: string, provider: string): string =>
  `${/\{[^}]+\}/.test(queuePrefix) ? queuePrefix : `{${queuePrefix}}`}:rate-limit:${provider}`;

/** The limit the processors enforce on a provider, as they declared it at start-up (JSON). */
export const providerLimitKey = (queuePrefix: string, provider: string): string =>
  `${queuePrefix}:provider:${provider}:limit`;

export const epochMinute = (ms: number): number => Math.floor(ms / 60_000);

/**
 * An hour: the longest window the api shows (PROVIDER_STATS_MAX_MINUTES) plus the minute
 * being written. Refreshed on every write, so a minute's hash outlives the window by a minute.
 */
export const PROVIDER_STATS_TTL_S = 61 * 60;

/**
 * A closed breaker is never written again, and a stopped processor never clears its field:
 * an open or half-open breaker rewrites its state every BREAKER_RESET_MS (seconds), so a day
 * without a write only drops fields that read as closed anyway, or belong to gone processors.
 */
export const PROVIDER_BREAKERS_TTL_S = 24 * 3600;

/**
 * Latency bucket upper bounds in ms: the steps of the provider-call histogram
 * (notify_provider_attempt_duration_seconds, whose comment explains each), so the panel and
 * Prometheus agree. A call above the last lands in `+Inf`.
 */
export const LATENCY_BOUNDS_MS: readonly number[] = ATTEMPT_BUCKETS_S.map((s) =>
  Math.round(s * 1000),
);

/** Each call counts once, in the first bucket that holds it (not cumulative). */
export const latencyField = (latencyMs: number): string => {
  const bound = LATENCY_BOUNDS_MS.find((b) => latencyMs <= b);
  return `ms_le_${bound ?? 'inf'}`;
};
export const LATENCY_FIELDS: readonly string[] = [
  ...LATENCY_BOUNDS_MS.map((b) => `ms_le_${b}`),
  'ms_le_inf',
];

export const outcomeField = (outcome: AttemptOutcome): string => `outcome_${outcome}`;
export const OUTCOME_FIELDS = ATTEMPT_OUTCOMES.map(outcomeField);
