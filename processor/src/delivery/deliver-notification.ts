import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { deliveryJobSchema, isTerminal, type DeliveryJob } from '@notify/shared';
import type { DeliveryRecords, NotificationRecord } from '@notify/shared/ledger';
import { countRateLimitWait, type NotifyMetrics } from '@notify/shared/metrics';
import { isInfrastructureUnavailable } from '@notify/shared/store';
import { resultFromError, resultFromReceipt, type AttemptResult } from './attempt-result';
import { UncertainDeliveryError } from '../providers/provider-errors';
import { CAMPAIGN_RECHECK_MS, type CampaignGate } from './campaign-gate';
import { failoverAfterAttempt } from './failover-policy';
import { nextStep } from './next-step';
import type { RenderMessage } from './registration-token';
import { isBreakerRejection, type ProviderBreaker } from './provider-breaker';
import { failOver, type Routing } from './provider-routing';
import type { ProviderRateLimit } from './provider-rate-limit';
import { takeTurn } from './rate-limit-turn';
import { planRetry, plannedWait } from './planned-retry';
import {
  breakerPostponeDelay,
  rateLimitDelay,
  type BackoffSettings,
  type RateLimitSettings,
} from './retry-policy';

export interface DeliveryPolicy {
  maxAttempts: number;
  maxAgeMs: number;
  /** How long a claim holds; longer than the provider timeout so no second send overlaps. */
  leaseMs: number;
  rateLimit: RateLimitSettings;
  /** Transient failures' backoff, chosen here so its time is recorded (planned-retry.ts). */
  backoff: BackoffSettings;
  breakerResetMs: number;
  storeRetryDelayMs: number;
}

export interface DeliveryDeps {
  store: DeliveryRecords;
  render: RenderMessage;
  breaker: ProviderBreaker;
  policy: DeliveryPolicy;
  logger: Logger;
  campaignGate: CampaignGate;
  /** The provider this handler's queue delivers for, as metrics label it. */
  provider: string;
  metrics: Pick<NotifyMetrics, 'rateLimitWaits' | 'rateLimitHeadroom'>;
  /** Set when some channel has a chain of several providers; unset: no failover at all. */
  routing?: Routing;
  /** The provider's rate limit, shared by every replica; unset: unlimited. */
  limiter?: ProviderRateLimit;
}

/**
 * The age budget runs from the operator's latest replay, else from acceptance; for a campaign
 * recipient from its first attempt, because waiting its turn behind a long list on a
 * 1-request-per-10-s provider is not failing (100,000 rows take 11 days there).
 */
const budgetStart = (doc: NotificationRecord): Date =>
  doc.replays.at(-1)?.at ?? (doc.campaignId ? (doc.attempts[0]?.at ?? new Date()) : doc.createdAt);

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

/** The BullMQ processor for one provider's queue: one job, at most one provider call. */
export function deliveryHandler(deps: DeliveryDeps) {
  const { store, breaker, policy, render, routing } = deps;

  return async function deliver(job: Job, token?: string): Promise<void> {
    const parsed = deliveryJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid job data: ${parsed.error.message}`);
    const data: DeliveryJob = parsed.data;
    const id = data.notificationId;
    let log = deps.logger.child({
      notificationId: id,
      jobId: job.id,
      attempt: job.attemptsMade + 1,
    });

    // Moves the job back to the delayed set without spending an attempt.
    const postpone = async (delayMs: number, reason: string): Promise<never> => {
      await job.moveToDelayed(Date.now() + delayMs, token);
      log.info({ delayMs, reason }, 'delivery postponed');
      throw new DelayedError();
    };

    /** The breaker is open: on to the chain's next provider, else back until it may close. */
    const avoidOpenBreaker = async (doc: NotificationRecord): Promise<void> => {
      const to = routing ? await failOver(routing, doc, deps.provider, null) : null;
      if (to) return log.info({ to, cause: 'breaker_open' }, 'moved to the next provider');
      const wait = plannedWait(
        breakerPostponeDelay(policy.breakerResetMs),
        'breaker_open',
        deps.provider,
      );
      await store.release(doc, wait.next);
      return await postpone(wait.delayMs, 'breaker open');
    };

    try {
      let result: AttemptResult | undefined = data.pendingResult;
      let attemptNumber: number;
      let createdAt: Date;
      let tokenHash: string | null;
      let doc: NotificationRecord;
      // A recovered answer's kind is unknown: counted uncertain, so it never fails over.
      let uncertain = true;
      if (result) {
        const stored = await store.get(id);
        if (!stored) return log.warn({}, 'pending result for a missing notification; dropped');
        if (isTerminal(stored.status)) return log.info({}, 'pending result already recorded');
        doc = stored;
        [attemptNumber, createdAt] = [doc.attemptCount + 1, budgetStart(doc)];
        tokenHash = render(doc).tokenHash;
      } else {
        // With routing, an open breaker is decided after the claim (which names the chain).
        if (breaker.opened && !routing)
          return await postpone(breakerPostponeDelay(policy.breakerResetMs), 'breaker open');
        const claim = await store.claim(id, policy.leaseMs);
        if (claim.kind === 'missing') return log.warn({}, 'no such notification; job dropped');
        if (claim.kind === 'terminal') {
          return log.info({ status: claim.status }, 'already finished; not sent again');
        }
        if (claim.kind === 'leased') {
          return await postpone(
            Math.max(claim.leaseUntil.getTime() - Date.now(), 100),
            'held by another worker',
          );
        }
        doc = claim.doc;
        log = log.child({ campaignId: doc.campaignId });
        // A campaign row (it carries a token nonce) is stored while its file is still being
        // read: none goes out before the whole upload is imported, none if it never is.
        if (doc.tokenNonce) {
          const gate = await deps.campaignGate(doc.campaignId);
          if (gate.kind === 'wait') {
            const why =
              gate.reason === 'campaign paused' ? 'campaign_paused' : 'campaign_importing';
            const wait = plannedWait(CAMPAIGN_RECHECK_MS, why, deps.provider);
            await store.release(doc, wait.next);
            return await postpone(wait.delayMs, gate.reason);
          }
          if (gate.kind === 'cancelled') {
            // Before any provider call, under this worker's claim: it ends cancelled, unsent.
            await store.cancelClaimed(doc);
            return log.info({}, 'campaign cancelled; not sent');
          }
          if (gate.kind === 'cancel') {
            await store.failIfUnfinished(id, gate.reason);
            log.info({ reason: gate.reason }, 'campaign aborted; not sent');
            throw new UnrecoverableError(gate.reason);
          }
        }
        if (routing && breaker.opened) return await avoidOpenBreaker(doc);
        if (deps.limiter) {
          const turn = await takeTurn({ ...deps, limiter: deps.limiter }, doc);
          if (turn.kind === 'moved') {
            return log.info({ to: turn.to, cause: 'rate_limited' }, 'moved to the next provider');
          }
          if (turn.kind === 'later') {
            const wait = plannedWait(turn.delayMs, 'rate_limited', deps.provider);
            await store.release(doc, wait.next);
            return await postpone(wait.delayMs, 'provider rate limit');
          }
        }
        [attemptNumber, createdAt] = [doc.attemptCount + 1, budgetStart(claim.doc)];
        const rendered = render(doc);
        tokenHash = rendered.tokenHash;
        const at = new Date();
        const started = performance.now();
        try {
          const receipt = await breaker.fire({
            notificationId: id,
            type: doc.type,
            recipient: doc.recipient,
            subject: doc.subject ?? null,
            message: rendered.message,
          });
          result = resultFromReceipt(
            receipt.httpStatus,
            Math.round(performance.now() - started),
            at,
            receipt.responseBody ?? null,
          );
        } catch (error) {
          if (isBreakerRejection(error)) {
            return await avoidOpenBreaker(doc);
          }
          result = resultFromError(error, Math.round(performance.now() - started), at);
          uncertain = error instanceof UncertainDeliveryError;
        }
        uncertain &&= result.outcome !== 'sent';
        // Onto the job (Redis, about a millisecond) before MongoDB (slower, busy under load):
        // if this process dies in between, the next run records this answer instead of
        // sending again. Should Redis refuse, the write below still records it.
        await job
          .updateData({ notificationId: id, pendingResult: result })
          .catch((error: unknown) => log.warn({ err: error }, 'answer not kept on job'));
      }

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
        return await postpone(policy.storeRetryDelayMs, 'result not recorded yet');
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
        return await postpone(
          retry?.delayMs ?? rateLimitDelay(step.hintMs, policy.rateLimit),
          'rate limited by provider',
        );
      }
      log.warn({ ...logged, providerError: result.error }, 'transient failure; will retry');
      throw new TransientDeliveryError(result.error ?? 'transient failure', retry?.delayMs);
    } catch (error) {
      if (
        error instanceof DelayedError ||
        error instanceof UnrecoverableError ||
        error instanceof TransientDeliveryError
      ) {
        throw error;
      }
      // Nothing was sent on this path (an answer is kept on the job above), so waiting is
      // safe; it spends no attempt, and the warning keeps an unexpected error visible.
      const reason = isInfrastructureUnavailable(error) ? 'storage unavailable' : 'storage error';
      log.warn({ err: error }, reason);
      return await postpone(policy.storeRetryDelayMs, reason);
    }
  };
}
