import { isTerminal } from '@notify/shared';
import type { NotificationRecord } from '@notify/shared/ledger';
import { UncertainDeliveryError } from '../providers/provider-errors';
import { resultFromError, resultFromReceipt, type AttemptResult } from './attempt-result';
import { avoidOpenBreaker } from './avoid-open-breaker';
import type { DeliveryRun } from './delivery-run';
import { isBreakerRejection } from './provider-breaker';

/** A provider's answer for one notification, as the run goes on to record it. */
export interface Answer {
  doc: NotificationRecord;
  result: AttemptResult;
  attemptNumber: number;
  createdAt: Date;
  tokenHash: string | null;
  /** The answer may hide a delivery (failover-policy.ts): no failover unless opted in. */
  uncertain: boolean;
}

/**
 * The age budget runs from the operator's latest replay, else from acceptance; for a campaign
 * recipient from its first attempt, because waiting its turn behind a long list on a
 * 1-request-per-10-s provider is not failing (100,000 rows take 11 days there).
 */
const budgetStart = (doc: NotificationRecord): Date =>
  doc.replays.at(-1)?.at ?? (doc.campaignId ? (doc.attempts[0]?.at ?? new Date()) : doc.createdAt);

/** An answer an earlier run kept on the job; nothing when it has been recorded since. */
export async function recoveredAnswer(
  run: DeliveryRun,
  result: AttemptResult,
): Promise<Answer | undefined> {
  const stored = await run.deps.store.get(run.id);
  if (!stored) {
    run.log.warn({}, 'pending result for a missing notification; dropped');
    return undefined;
  }
  if (isTerminal(stored.status)) {
    run.log.info({}, 'pending result already recorded');
    return undefined;
  }
  const doc = stored;
  return {
    doc,
    result,
    attemptNumber: doc.attemptCount + 1,
    createdAt: budgetStart(doc),
    tokenHash: run.deps.render(doc).tokenHash,
    // A recovered answer's kind is unknown: counted uncertain, so it never fails over.
    uncertain: true,
  };
}

/**
 * The one provider call for a claimed notification; its answer is kept on the job before it
 * is recorded. Nothing when the breaker refused the call (the notification moved or waits).
 */
export async function callProvider(
  run: DeliveryRun,
  doc: NotificationRecord,
): Promise<Answer | undefined> {
  const { deps, job, id } = run;
  const { breaker, render } = deps;
  const [attemptNumber, createdAt] = [doc.attemptCount + 1, budgetStart(doc)];
  const rendered = render(doc);
  const tokenHash = rendered.tokenHash;
  const at = new Date();
  const started = performance.now();
  let result: AttemptResult;
  let uncertain = true;
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
      await avoidOpenBreaker(run, doc);
      return undefined;
    }
    result = resultFromError(error, Math.round(performance.now() - started), at);
    uncertain = error instanceof UncertainDeliveryError;
  }
  uncertain &&= result.outcome !== 'sent';
  // Onto the job (Redis, about a millisecond) before MongoDB (slower, busy under load):
  // if this process dies in between, the next run records this answer instead of
  // sending again. Should Redis refuse, the write that follows (delivery-outcome.ts) still
  // records it.
  await job
    .updateData({ notificationId: id, pendingResult: result })
    .catch((error: unknown) => run.log.warn({ err: error }, 'answer not kept on job'));
  return { doc, result, attemptNumber, createdAt, tokenHash, uncertain };
}
