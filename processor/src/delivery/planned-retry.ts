import type { RetryReason } from '@notify/shared';
import type { NextAttemptRecord } from '@notify/shared/ledger';
import { fullJitterBackoff, rateLimitDelay, type BackoffSettings } from './retry-policy';
import type { RateLimitSettings } from './retry-policy';
import type { AttemptResult } from './attempt-result';

/** A wait chosen before it is recorded: the delay the job is given and what operators see. */
export interface PlannedRetry {
  delayMs: number;
  next: NextAttemptRecord;
}

export function plannedWait(
  delayMs: number,
  reason: RetryReason,
  provider: string,
  retryAfterMs: number | null = null,
  now = Date.now(),
): PlannedRetry {
  return { delayMs, next: { at: new Date(now + delayMs), reason, provider, retryAfterMs } };
}

/**
 * The delay after a failed attempt that will be retried, chosen here rather than by BullMQ
 * so the time can be recorded with the attempt: a 429 waits as the provider asked (or the
 * default), a transient failure takes the full-jitter backoff for this run's number
 * (`attemptsMade` as BullMQ will count it), which the worker's backoff strategy then reuses.
 */
export function planRetry(
  result: AttemptResult,
  attemptsMade: number,
  settings: { rateLimit: RateLimitSettings; backoff: BackoffSettings },
  provider: string,
): PlannedRetry {
  return result.outcome === 'rate_limited'
    ? plannedWait(
        rateLimitDelay(result.retryAfterMs, settings.rateLimit),
        'rate_limited',
        provider,
        result.retryAfterMs,
      )
    : plannedWait(fullJitterBackoff(attemptsMade, settings.backoff), 'transient_error', provider);
}
