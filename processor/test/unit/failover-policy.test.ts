import { describe, expect, it } from 'vitest';
import type { AttemptResult } from '../../src/delivery/attempt-result';
import {
  failoverAfterAttempt,
  isPermanentForProvider,
  nextInChain,
} from '../../src/delivery/failover-policy';

const result = (outcome: AttemptResult['outcome'], httpStatus: number | null, error = 'x') => ({
  outcome,
  httpStatus,
  latencyMs: 10,
  error,
  at: new Date().toISOString(),
  retryAfterMs: null,
});
const fresh = { failuresSoFar: 0, maxAttempts: 3, ageMs: 0, maxAgeMs: 60_000 };
const spent = { ...fresh, failuresSoFar: 2 };

describe('failover policy', () => {
  it('moves on after credentials, account or quota refusals but not a bad message', () => {
    for (const status of [401, 402, 403, 535]) {
      expect(isPermanentForProvider(result('permanent', status))).toBe(true);
    }
    expect(isPermanentForProvider(result('permanent', 400, 'monthly quota exceeded'))).toBe(true);
    expect(isPermanentForProvider(result('permanent', 400, 'Invalid recipient'))).toBe(false);
    expect(isPermanentForProvider(result('permanent', 550, 'no such user'))).toBe(false);
    expect(failoverAfterAttempt(result('permanent', 403), fresh, false, false)).toBe(
      'rejected_by_provider',
    );
  });

  it('moves on once the transient budget on the provider is spent, not before', () => {
    expect(failoverAfterAttempt(result('transient', 500), fresh, false, false)).toBeNull();
    expect(failoverAfterAttempt(result('transient', 500), spent, false, false)).toBe(
      'budget_spent',
    );
  });

  it('stays after a timeout or lost connection unless the operator opted in', () => {
    expect(failoverAfterAttempt(result('transient', null), spent, true, false)).toBeNull();
    expect(failoverAfterAttempt(result('transient', null), spent, true, true)).toBe('budget_spent');
  });

  it('never moves a notification that is out of time or was rate limited', () => {
    const old = { ...spent, ageMs: 60_000 };
    expect(failoverAfterAttempt(result('transient', 500), old, false, false)).toBeNull();
    expect(failoverAfterAttempt(result('rate_limited', 429), spent, false, false)).toBeNull();
  });

  it('walks the chain once from where the notification started', () => {
    const chain = ['a', 'b', 'c'];
    expect(nextInChain(chain, 'a', 'a')).toBe('b');
    expect(nextInChain(chain, 'a', 'b')).toBe('c');
    expect(nextInChain(chain, 'a', 'c')).toBeNull();
    expect(nextInChain(chain, 'b', 'c')).toBe('a');
    expect(nextInChain(chain, 'b', 'a')).toBeNull();
    expect(nextInChain(['a'], 'a', 'a')).toBeNull();
    expect(nextInChain(chain, 'a', 'z')).toBeNull();
  });
});
