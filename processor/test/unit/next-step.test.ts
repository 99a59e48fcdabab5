import { describe, expect, it } from 'vitest';
import type { AttemptResult } from '../../src/delivery/attempt-result';
import { nextStep, type Budget } from '../../src/delivery/next-step';

const result = (overrides: Partial<AttemptResult>): AttemptResult => ({
  outcome: 'transient',
  httpStatus: 500,
  latencyMs: 12,
  error: 'HTTP 500: Something went wrong',
  at: new Date().toISOString(),
  retryAfterMs: null,
  ...overrides,
});
const fresh: Budget = { failuresSoFar: 0, maxAttempts: 5, ageMs: 1000, maxAgeMs: 86_400_000 };

describe('next step after an attempt', () => {
  it('marks a success sent', () => {
    expect(nextStep(result({ outcome: 'sent', httpStatus: 200, error: null }), fresh)).toEqual({
      status: 'sent',
    });
  });

  it('fails a permanent rejection at once, with the provider reason', () => {
    const step = nextStep(
      result({ outcome: 'permanent', httpStatus: 400, error: 'HTTP 400: bad' }),
      fresh,
    );
    expect(step).toEqual({ status: 'failed', reason: 'rejected by provider: HTTP 400: bad' });
  });

  it('retries a transient failure with backoff while the budget lasts', () => {
    expect(nextStep(result({}), { ...fresh, failuresSoFar: 3 })).toEqual({
      status: 'retrying',
      via: 'backoff',
    });
  });

  it('dead-letters the last allowed transient failure with the last error', () => {
    const step = nextStep(result({}), { ...fresh, failuresSoFar: 4 });
    expect(step).toEqual({
      status: 'failed',
      reason: 'gave up after 5 failed attempts: HTTP 500: Something went wrong',
    });
  });

  it('retries a 429 after the hint without spending the transient budget', () => {
    const limited = result({ outcome: 'rate_limited', httpStatus: 429, retryAfterMs: 30_000 });
    expect(nextStep(limited, { ...fresh, failuresSoFar: 4 })).toEqual({
      status: 'retrying',
      via: 'rate_limit',
      hintMs: 30_000,
    });
  });

  it('gives up on anything retryable once the notification is too old', () => {
    const limited = result({
      outcome: 'rate_limited',
      httpStatus: 429,
      error: 'HTTP 429: slow down',
    });
    const step = nextStep(limited, { ...fresh, ageMs: fresh.maxAgeMs });
    expect(step.status).toBe('failed');
  });
});
