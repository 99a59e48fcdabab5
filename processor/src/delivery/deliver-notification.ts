import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { deliveryJobSchema, type DeliveryJob } from '@notify/shared';
import { isInfrastructureUnavailable } from '@notify/shared/store';
import { claimForSend } from './claim-for-send';
import { recordOutcome, TransientDeliveryError } from './delivery-outcome';
import { deliveryRun, type DeliveryDeps } from './delivery-run';
import { callProvider, recoveredAnswer, type Answer } from './provider-answer';

/** The BullMQ processor for one provider's queue: one job, at most one provider call. */
export function deliveryHandler(deps: DeliveryDeps) {
  return async function deliver(job: Job, token?: string): Promise<void> {
    const parsed = deliveryJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid job data: ${parsed.error.message}`);
    const data: DeliveryJob = parsed.data;
    const run = deliveryRun(deps, job, token, data.notificationId);

    try {
      let answer: Answer | undefined;
      if (data.pendingResult) {
        answer = await recoveredAnswer(run, data.pendingResult);
      } else {
        const doc = await claimForSend(run);
        if (doc) answer = await callProvider(run, doc);
      }
      if (answer) await recordOutcome(run, answer);
    } catch (error) {
      if (
        error instanceof DelayedError ||
        error instanceof UnrecoverableError ||
        error instanceof TransientDeliveryError
      ) {
        throw error;
      }
      // Nothing was sent on this path (an answer is kept on the job before it is written), so
      // waiting is safe; it spends no attempt, and the warning keeps an unexpected error visible.
      const reason = isInfrastructureUnavailable(error) ? 'storage unavailable' : 'storage error';
      run.log.warn({ err: error }, reason);
      return await run.postpone(deps.policy.storeRetryDelayMs, reason);
    }
  };
}
