import type { AttemptResult } from './attempt-result';
import type { Budget } from './next-step';

/** Why a notification leaves a provider for the next one of its chain. */
export type FailoverCause = 'breaker_open' | 'rejected_by_provider' | 'budget_spent';

/**
 * Answers that condemn the provider, not the message: another provider may well deliver it.
 * HTTP 401 (credentials refused, after the e-mail API's one token renewal), 402 (account out
 * of credit), 403 (account or sender not allowed); SMTP 530 (authentication required) and
 * 535 (credentials refused). Every other permanent answer (400, 422, SMTP 550 "no such user")
 * is about the message, and another provider would reject it too: it fails.
 */
const PROVIDER_FAULT_STATUSES = new Set([401, 402, 403, 530, 535]);

/** A provider-side quota, whatever status carries it ("quota exceeded", "over quota"). */
const QUOTA = /\bquota\b/i;

export function isPermanentForProvider(result: AttemptResult): boolean {
  if (result.outcome !== 'permanent') return false;
  return (
    (result.httpStatus !== null && PROVIDER_FAULT_STATUSES.has(result.httpStatus)) ||
    QUOTA.test(result.error ?? '')
  );
}

/**
 * After an attempt: move on when the provider rejected the message for a reason of its own,
 * or when the transient budget on it is spent. Never after an answer that may have been a
 * delivery (a timeout, a connection lost after SMTP DATA) unless the operator opted in: the
 * provider may have sent it, and another provider would send it twice.
 */
export function failoverAfterAttempt(
  result: AttemptResult,
  budget: Budget,
  uncertain: boolean,
  failoverAfterUncertain: boolean,
): FailoverCause | null {
  if (isPermanentForProvider(result)) return 'rejected_by_provider';
  if (result.outcome !== 'transient') return null;
  if (uncertain && !failoverAfterUncertain) return null;
  const budgetSpent = budget.failuresSoFar + 1 >= budget.maxAttempts;
  return budgetSpent && budget.ageMs < budget.maxAgeMs ? 'budget_spent' : null;
}

/**
 * The provider after `current` in the chain, cycling, and never back to where this
 * notification started (`origin`): under fallback the origin is the chain's first, so this
 * walks the chain once; under round-robin it walks it once from the intake's turn. Null when
 * the chain is spent (or `current` is not in it: the chain changed since intake).
 */
export function nextInChain(chain: readonly string[], origin: string, current: string) {
  const at = chain.indexOf(current);
  if (at === -1 || chain.length < 2) return null;
  const next = chain[(at + 1) % chain.length] ?? null;
  return next === origin ? null : next;
}
