import type { AttemptResult } from './attempt-result';

export interface Budget {
  /** Transient failures before this one (BullMQ's attemptsMade). */
  failuresSoFar: number;
  maxAttempts: number;
  ageMs: number;
  maxAgeMs: number;
}

export type NextStep =
  | { status: 'sent' }
  | { status: 'retrying'; via: 'backoff' }
  | { status: 'retrying'; via: 'rate_limit'; hintMs: number | null }
  | { status: 'failed'; reason: string };

/** What happens after one attempt; pure, so the whole retry contract is unit-testable. */
export function nextStep(result: AttemptResult, budget: Budget): NextStep {
  if (result.outcome === 'sent') return { status: 'sent' };
  if (result.outcome === 'permanent') {
    return { status: 'failed', reason: `rejected by provider: ${result.error}` };
  }
  if (budget.ageMs >= budget.maxAgeMs) {
    return { status: 'failed', reason: `gave up after ${budget.maxAgeMs} ms: ${result.error}` };
  }
  if (result.outcome === 'rate_limited') {
    return { status: 'retrying', via: 'rate_limit', hintMs: result.retryAfterMs };
  }
  if (budget.failuresSoFar + 1 >= budget.maxAttempts) {
    return {
      status: 'failed',
      reason: `gave up after ${budget.maxAttempts} failed attempts: ${result.error}`,
    };
  }
  return { status: 'retrying', via: 'backoff' };
}
