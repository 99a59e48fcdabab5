import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import {
  deliveryJobOptions,
  type AcceptedNotification,
  type BulkReplayRequest,
} from '@notify/shared';
import {
  toSummary,
  type NotificationModel,
  type NotificationRecord,
  type PublishStatus,
} from '@notify/shared/store';
import { HttpError, notFound } from '../http/http-error';
import { recipientMatch } from './recipient-match';

export interface RetryDeps {
  notifications: NotificationModel;
  queueFor: (provider: string) => Queue;
  publish: PublishStatus;
}

/**
 * Replays a dead-lettered notification: back to `queued`, the replay recorded (when, by
 * whom), and a fresh delivery job with a fresh budget. Only `failed` ones: replaying one
 * that is still in flight or already sent would risk a second delivery.
 */
export async function retryNotification(
  deps: RetryDeps,
  id: string,
  requestedBy: string,
  log: Logger,
): Promise<AcceptedNotification> {
  const doc = await deps.notifications
    .findOneAndUpdate(
      { _id: id, status: 'failed' },
      {
        $set: { status: 'queued', leaseUntil: null, failedAt: null },
        $push: { replays: { at: new Date(), by: requestedBy } },
      },
      { returnDocument: 'after' },
    )
    .lean<NotificationRecord>();
  if (!doc) {
    const current = await deps.notifications.findById(id, { status: 1 }).lean<NotificationRecord>();
    if (!current) throw notFound('Notification');
    throw new HttpError(
      409,
      'not_failed',
      `Only failed notifications can be retried; this one is ${current.status}`,
    );
  }
  deps.publish({ kind: 'notification.status', notification: toSummary(doc) });
  const context = {
    notificationId: id,
    campaignId: doc.campaignId,
    replay: doc.replays.length,
    requestedBy,
  };
  try {
    await deps
      .queueFor(doc.provider)
      .add(
        'deliver',
        { notificationId: id },
        deliveryJobOptions(id, doc.replays.length, doc.priority),
      );
  } catch (error) {
    // Stored as queued: the reconciler derives the same job id and enqueues it.
    log.warn({ ...context, err: error }, 'replay enqueue failed; the reconciler will enqueue it');
  }
  log.info(context, 'notification replayed');
  return { id, status: 'queued' };
}

/**
 * Bulk replay: every dead letter matching the filter, oldest first, up to `limit`, each
 * through the same single replay (so each is recorded and re-queued the same way).
 */
export async function replayMatching(
  deps: RetryDeps,
  filter: BulkReplayRequest,
  requestedBy: string,
  log: Logger,
): Promise<{ replayed: number }> {
  const query: Record<string, unknown> = { status: 'failed' };
  if (filter.type) query.type = filter.type;
  if (filter.campaign_id) query.campaignId = filter.campaign_id;
  if (filter.recipient) query.recipient = recipientMatch(filter.recipient);
  const rows = await deps.notifications
    .find(query, { _id: 1 })
    .sort({ _id: 1 })
    .limit(filter.limit)
    .lean<{ _id: string }[]>();
  let replayed = 0;
  for (const row of rows) {
    // One that left `failed` meanwhile (another replay) is skipped, not an error.
    const done = await retryNotification(deps, row._id, requestedBy, log).then(
      () => true,
      (error: unknown) => {
        if (error instanceof HttpError && error.status === 409) return false;
        throw error;
      },
    );
    if (done) replayed += 1;
  }
  log.info({ replayed, filter, requestedBy }, 'bulk replay');
  return { replayed };
}
