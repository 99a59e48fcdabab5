import type { DeliveryRecords, AttemptFacts } from './delivery-records';
import { currentTarget } from './delivery-queues';
import type { LedgerContext } from './ledger-context';
import type { NotificationRecord } from './notification-model';

/** The attempt that made the move, when a provider answered (none when its breaker was open). */
export interface FailoverAttempt {
  number: number;
  result: AttemptFacts;
  lastError: string | null;
  tokenHash: string | null;
}

/**
 * Moves a claimed notification from the provider it is at to the next one of its chain: the
 * attempt (if any) is recorded and the notification handed back as `retrying` (which lets its
 * lease go), its current target and move count are written by `_id`, and a job with a derived
 * id is added to the other provider's queue. `provider` keeps the intake's choice.
 *
 * Every step is safe to repeat: should the process die between them, the old job runs again
 * (stalled) and moves it again, and the reconciler queues a notification whose new job was
 * lost under the same derived id.
 */
export function providerFailover(ctx: LedgerContext, delivery: DeliveryRecords) {
  return async function moveToProvider(
    doc: NotificationRecord,
    to: string,
    attempt: FailoverAttempt | null,
  ): Promise<NotificationRecord> {
    const handedBack = attempt
      ? await delivery.record(
          doc,
          attempt.number,
          attempt.result,
          'retrying',
          attempt.lastError,
          attempt.tokenHash,
        )
      : (await delivery.release(doc), { ...doc, status: 'retrying' as const });
    const from = currentTarget(doc);
    const failovers = (doc.failovers ?? 0) + 1;
    const updatedAt = new Date();
    await ctx.model.updateOne(
      { _id: doc._id },
      { $set: { routedTo: to, failovers, updatedAt } },
      { timestamps: false },
    );
    const moved: NotificationRecord = { ...handedBack, routedTo: to, failovers, updatedAt };
    await ctx.queues.enqueue([moved]);
    ctx.logger.info(
      { notificationId: doc._id, from, to, failovers, afterAttempt: attempt?.number ?? null },
      'moved to the next provider',
    );
    return moved;
  };
}

export type MoveToProvider = ReturnType<typeof providerFailover>;
