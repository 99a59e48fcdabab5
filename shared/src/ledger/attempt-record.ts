import type { AttemptOutcome } from '../notifications/notification-status';
import type { NextAttemptRecord } from './notification-model';

/** One provider call's answer, as the processor's delivery policy classified it. */
export interface AttemptFacts {
  outcome: AttemptOutcome;
  httpStatus: number | null;
  latencyMs: number;
  error: string | null;
  /** When the call started (ISO). */
  at: string;
  /** The provider called (recorded on the attempt, and as `deliveredBy` once sent). */
  provider?: string;
  /** What the provider answered, already cut short by the processor. */
  responseBody?: string | null;
}

/** What `record` writes besides the status: the attempt, at its own position, and its facts. */
export interface AnswerToRecord {
  attemptNumber: number;
  result: AttemptFacts;
  status: 'sent' | 'retrying' | 'failed';
  lastError: string | null;
  tokenHash: string | null;
  nextAttempt: NextAttemptRecord | null;
}

/**
 * The `$set` that records one answer. The attempt goes to `attempts.<n - 1>` (not a $push),
 * so recording the same answer again after a crash changes nothing.
 */
export function recordedAnswer(answer: AnswerToRecord) {
  const { attemptNumber, result, status, lastError, tokenHash, nextAttempt } = answer;
  const at = new Date(result.at);
  const attempt = {
    number: attemptNumber,
    at,
    outcome: result.outcome,
    httpStatus: result.httpStatus,
    latencyMs: result.latencyMs,
    error: result.error,
    provider: result.provider ?? null,
    responseBody: result.responseBody ?? null,
  };
  const set: Record<string, unknown> = {
    lastError,
    leaseUntil: null,
    attemptCount: attemptNumber,
    [`attempts.${attemptNumber - 1}`]: attempt,
  };
  // Any attempt may have reached the recipient (a timed-out call can still deliver), and
  // every attempt carries the same derived token, so its hash is kept from the first.
  if (tokenHash) set.tokenHash = tokenHash;
  // Sent when the provider answered, not when the call started (slow answers take 5 s).
  if (status === 'sent') set.sentAt = new Date(at.getTime() + result.latencyMs);
  if (status === 'sent' && result.provider) set.deliveredBy = result.provider;
  if (status === 'failed') set.failedAt = new Date();
  if (status === 'retrying') set.nextAttempt = nextAttempt;
  return { set, attempt };
}
