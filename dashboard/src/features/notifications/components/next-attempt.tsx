import { useEffect, useState } from 'react';
import type { NextAttemptView, RetryReason } from '@notify/shared';

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

const REASON_TEXT: Record<RetryReason, (provider: string) => string> = {
  rate_limited: (provider) => `rate limited by ${provider}`,
  transient_error: (provider) => `${provider} failed; retrying with backoff`,
  breaker_open: (provider) => `${provider}'s circuit breaker is open`,
  campaign_importing: () => 'its campaign is still being imported',
  campaign_paused: () => 'its campaign is paused',
};

/** Waiting on the provider's say-so (or our own pacing) is expected, not an error. */
const isWaitNotFailure = (reason: RetryReason) => reason !== 'transient_error';

/** "Next attempt in 12 s (14:03:05) — rate limited by flaky (Retry-After 30 s)". */
export function NextAttempt({ next, now: fixedNow }: { next: NextAttemptView; now?: number }) {
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    if (fixedNow !== undefined) return;
    // A countdown in whole seconds: once a second is often enough.
    const timer = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [fixedNow]);
  const now = fixedNow ?? tick;
  const dueIn = Date.parse(next.at) - now;
  const when = new Date(next.at).toLocaleTimeString();
  const provider = next.provider ?? 'the provider';
  const hint = next.retry_after_ms !== null ? ` (Retry-After ${seconds(next.retry_after_ms)})` : '';
  return (
    <p
      className={`next-attempt next-attempt-${isWaitNotFailure(next.reason) ? 'wait' : 'error'}`}
      data-reason={next.reason}
      role="status"
    >
      {dueIn > 0 ? `Next attempt in ${seconds(dueIn)}` : 'Next attempt due now'} (
      <time dateTime={next.at}>{when}</time>) — {REASON_TEXT[next.reason](provider)}
      {hint}
    </p>
  );
}
