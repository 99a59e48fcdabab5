import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Numeric breaker states, so a graph can draw them and an alert can test `== 2`. */
export const BREAKER_STATE_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

/** How an intake request ended, from its answer (see api/src/http/intake-metrics.ts). */
export const INTAKE_OUTCOMES = [
  'accepted',
  'replayed',
  'rejected_4xx',
  'rate_limited_429',
  'unavailable_503',
  'error_5xx',
  'client_closed',
] as const;
export type IntakeOutcome = (typeof INTAKE_OUTCOMES)[number];

/**
 * Seconds of one provider call. The flaky provider answers in milliseconds or after its 5 s
 * slow path; the e-mail API's call includes waiting for its send slot (1 per 10 s) and a
 * token renewal. So: fine steps below 1 s for the fast path, 5 and 6 to bracket the slow
 * path (5 s plus the network), 10 at the provider timeout (PROVIDER_TIMEOUT_MS), 15 and 30
 * for a call that waited its slot, 60 for a call that renewed its token after a 401 (two
 * rounds of two timeouts and one spacing). Anything above is a bug worth seeing as +Inf.
 */
export const ATTEMPT_BUCKETS_S = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 6, 10, 15, 30, 60];

/**
 * Seconds from acceptance to sent/failed. Tens of milliseconds when the first call succeeds
 * at once (the steps below 0.25 s tell a healthy pipeline from a slowing one), 5-6 s
 * on the slow path; retries back off up to 60 s each (RETRY_MAX_DELAY_MS) over 8 attempts,
 * so a few minutes; a 429 waits up to 2 min; a campaign row waits its turn at the e-mail
 * API's 1 per 10 s (100 rows ≈ 17 min, a million rows days); MAX_AGE_MS ends retries at 24 h.
 * A replayed notification counts from its first acceptance, so it lands in the top buckets.
 */
const ACCEPT_TO_TERMINAL_BUCKETS_S = [
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
  30,
  60,
  120,
  300,
  900,
  1800,
  3600,
  4 * 3600,
  24 * 3600,
];

export interface NotifyMetrics {
  registry: Registry;
  /** api: POST /api/v1/notifications and /campaigns, by how each answer ended. */
  intake: Counter<'route' | 'outcome'>;
  /** processor: every provider call, classified as the attempt is recorded. */
  attempts: Counter<'provider' | 'outcome'>;
  attemptSeconds: Histogram<'provider'>;
  acceptToTerminalSeconds: Histogram<'channel' | 'status'>;
  /** This process's breaker per provider: 0 closed, 1 half-open, 2 open. */
  breakerState: Gauge<'provider'>;
  /** Calls the breaker refused without reaching the provider (the job is postponed). */
  breakerRejections: Counter<'provider'>;
  /** A send postponed for a rate limit: the provider's 429, or our own limiter's turn. */
  rateLimitWaits: Counter<'provider' | 'source'>;
  /** Requests a provider's rate limit would still admit now, as this process last saw it. */
  rateLimitHeadroom: Gauge<'provider'>;
  /** A notification moved from one provider of its chain to the next. */
  failovers: Counter<'from' | 'to'>;
}

/** One registry per process (api or processor): Node's process metrics plus notify_*. */
export function createMetrics(): NotifyMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    intake: new Counter({
      name: 'notify_intake_requests_total',
      help: 'Intake requests by route (notification, campaign) and outcome',
      labelNames: ['route', 'outcome'],
      registers,
    }),
    attempts: new Counter({
      name: 'notify_provider_attempts_total',
      help: 'Provider calls by provider and outcome (sent, transient, rate_limited, permanent)',
      labelNames: ['provider', 'outcome'],
      registers,
    }),
    attemptSeconds: new Histogram({
      name: 'notify_provider_attempt_duration_seconds',
      help: 'Duration of one provider call, whatever its outcome',
      labelNames: ['provider'],
      buckets: ATTEMPT_BUCKETS_S,
      registers,
    }),
    acceptToTerminalSeconds: new Histogram({
      name: 'notify_accept_to_terminal_seconds',
      help: 'Time from acceptance to sent or failed, by channel and final status',
      labelNames: ['channel', 'status'],
      buckets: ACCEPT_TO_TERMINAL_BUCKETS_S,
      registers,
    }),
    breakerState: new Gauge({
      name: 'notify_breaker_state',
      help: "This process's circuit breaker per provider: 0 closed, 1 half-open, 2 open",
      labelNames: ['provider'],
      registers,
    }),
    breakerRejections: new Counter({
      name: 'notify_breaker_rejections_total',
      help: 'Calls refused by an open breaker without reaching the provider',
      labelNames: ['provider'],
      registers,
    }),
    rateLimitWaits: new Counter({
      name: 'notify_rate_limit_waits_total',
      help: 'Sends postponed for a rate limit, by provider and source (provider_429, limiter)',
      labelNames: ['provider', 'source'],
      registers,
    }),
    rateLimitHeadroom: new Gauge({
      name: 'notify_rate_limit_headroom',
      help: "Requests a provider's rate limit would still admit, as of this process's last turn",
      labelNames: ['provider'],
      registers,
    }),
    failovers: new Counter({
      name: 'notify_failovers_total',
      help: 'Notifications moved from one provider of their chain to the next',
      labelNames: ['from', 'to'],
      registers,
    }),
  };
}

/**
 * Where the processor counts a send postponed for a rate limit: `provider_429` when the
 * provider answered 429, `limiter` when our own per-provider limit made it wait its turn.
 */
export function countRateLimitWait(
  metrics: Pick<NotifyMetrics, 'rateLimitWaits'>,
  provider: string,
  source: 'provider_429' | 'limiter',
): void {
  metrics.rateLimitWaits.inc({ provider, source });
}
