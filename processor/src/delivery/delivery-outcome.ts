import { UnrecoverableError } from 'bullmq';
import { countRateLimitWait } from '@notify/shared/metrics';
import type { DeliveryRun } from './delivery-run';
import { failoverAfterAttempt } from './failover-policy';
import { nextStep } from './next-step';
import { planRetry } from './planned-retry';
import type { Answer } from './provider-answer';
import { failOver } from './provider-routing';
import { rateLimitDelay } from './retry-policy';

/** Thrown for a transient failure so BullMQ retries with the full-jitter backoff. */
export class TransientDeliveryError extends Error {
  override name = 'TransientDeliveryError';
  /** The backoff already chosen (and recorded as the next attempt's time). */
  constructor(
    message: string,
    readonly delayMs: number | null = null,
  ) {
    super(message);
  }
}

/**
 * Records the provider's answer, or moves the notification to the chain's next provider, and
 * ends the job to match: done when sent, failed for good, or handed back for a retry.
 */
export async function recordOutcome(run: DeliveryRun, answer: Answer): Promise<void> {
  const { deps, job, id, log } = run;
  const { store, policy, routing } = deps;
  const { doc, result, attemptNumber, createdAt, tokenHash, uncertain } = answer;
  const budget = {
    failuresSoFar: job.attemptsMade,
    maxAttempts: policy.maxAttempts,
    ageMs: Date.now() - new Date(createdAt).getTime(),
    maxAgeMs: policy.maxAgeMs,
  };
  const step = nextStep(result, budget);
  const lastError = step.status === 'failed' ? step.reason : result.error;
  const facts = { ...result, provider: deps.provider };
  const retry =
    step.status === 'retrying'
      ? planRetry(result, job.attemptsMade + 1, policy, deps.provider)
      : null;
  const cause =
    routing && failoverAfterAttempt(result, budget, uncertain, routing.failoverAfterUncertain);
  try {
    const attempt = {
      number: attemptNumber,
      result: facts,
      lastError: result.error,
      tokenHash,
    };
    const to = cause && routing ? await failOver(routing, doc, deps.provider, attempt) : null;
    if (to) return log.info({ to, cause, outcome: result.outcome }, 'moved to next provider');
    await store.record(
      doc,
      attemptNumber,
      facts,
      step.status,
      lastError,
      tokenHash,
      retry?.next ?? null,
    );
  } catch (error) {
    // The provider already answered. Whatever stopped the write (MongoDB away, a write
    // conflict, a timeout), keep its answer on the job (Redis) and record it later: had
    // the error reached BullMQ, its retry would call the provider and perhaps send twice.
    log.warn({ err: error, outcome: result.outcome }, 'result kept on the job');
    await job.updateData({ notificationId: id, pendingResult: result });
    return await run.postpone(policy.storeRetryDelayMs, 'result not recorded yet');
  }
  // A retry starts clean, or its next run would take this answer for a new one.
  if (step.status === 'retrying') await job.updateData({ notificationId: id });

  const logged = {
    outcome: result.outcome,
    httpStatus: result.httpStatus,
    latencyMs: result.latencyMs,
  };
  if (step.status === 'sent') return log.info(logged, 'notification sent');
  if (step.status === 'failed') {
    log.warn({ ...logged, reason: step.reason }, 'notification failed');
    throw new UnrecoverableError(step.reason);
  }
  if (step.via === 'rate_limit') {
    countRateLimitWait(deps.metrics, deps.provider, 'provider_429');
    return await run.postpone(
      retry?.delayMs ?? rateLimitDelay(step.hintMs, policy.rateLimit),
      'rate limited by provider',
    );
  }
  log.warn({ ...logged, providerError: result.error }, 'transient failure; will retry');
  throw new TransientDeliveryError(result.error ?? 'transient failure', retry?.delayMs);
}
