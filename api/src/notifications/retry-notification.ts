import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import {
  deliveryJobOptions,
  maskRecipient,
  type AcceptedNotification,
  type BulkReplayRequest,
  type BulkReplayResult,
} from '@notify/shared';
import {
  toSummary,
  type CampaignModel,
  type NotificationModel,
  type NotificationRecord,
  type PublishStatus,
} from '@notify/shared/store';
import { HttpError, notFound } from '../http/http-error';
import { abortedCampaigns, campaignAborted, type AbortedReason } from './aborted-campaigns';
import { recipientMatch } from './recipient-match';

export interface RetryDeps {
  notifications: NotificationModel;
  campaigns: CampaignModel;
  queueFor: (provider: string) => Queue;
  publish: PublishStatus;
}

/**
 * Replays a dead-lettered notification: back to `queued`, the replay recorded (when, by
 * whom), and a fresh delivery job with a fresh budget. Only `failed` ones: replaying one
 * that is still in flight or already sent would risk a second delivery. Never one of an
 * aborted campaign: the operator (or a failed upload) stopped it, and a replay would send
 * it with whatever text it was left with. (Should a campaign be aborted just after this
 * check, the processor's campaign gate still cancels the row before it is sent.)
 */
export async function retryNotification(
  deps: RetryDeps,
  id: string,
  requestedBy: string,
  log: Logger,
  abortedReason: AbortedReason = abortedCampaigns(deps.campaigns),
): Promise<AcceptedNotification> {
  const current = await deps.notifications
    .findById(id, { status: 1, campaignId: 1 })
    .lean<Pick<NotificationRecord, 'status' | 'campaignId'>>();
  if (!current) throw notFound('Notification');
  if (current.status !== 'failed') throw notFailed(current.status);
  const reason = current.campaignId ? await abortedReason(current.campaignId) : null;
  if (reason !== null) throw campaignAborted(reason);

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
    // It left `failed` since the read above (another replay got there first).
    const now = await deps.notifications.findById(id, { status: 1 }).lean<NotificationRecord>();
    if (!now) throw notFound('Notification');
    throw notFailed(now.status);
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

const notFailed = (status: string) =>
  new HttpError(
    409,
    'not_failed',
    `Only failed notifications can be retried; this one is ${status}`,
  );

/**
 * Bulk replay: every dead letter matching the filter, oldest first, up to `limit`, each
 * through the same single replay (so each is recorded and re-queued the same way). Those of
 * an aborted campaign are skipped and counted.
 */
export async function replayMatching(
  deps: RetryDeps,
  filter: BulkReplayRequest,
  requestedBy: string,
  log: Logger,
): Promise<BulkReplayResult> {
  const query: Record<string, unknown> = { status: 'failed' };
  if (filter.type) query.type = filter.type;
  if (filter.campaign_id) query.campaignId = filter.campaign_id;
  if (filter.recipient) query.recipient = recipientMatch(filter.recipient);
  const rows = await deps.notifications
    .find(query, { _id: 1 })
    .sort({ _id: 1 })
    .limit(filter.limit)
    .lean<{ _id: string }[]>();
  const abortedReason = abortedCampaigns(deps.campaigns);
  let replayed = 0;
  let skippedAborted = 0;
  for (const row of rows) {
    try {
      await retryNotification(deps, row._id, requestedBy, log, abortedReason);
      replayed += 1;
    } catch (error) {
      // One that left `failed` meanwhile (another replay) is skipped, not an error.
      if (!(error instanceof HttpError) || error.status !== 409) throw error;
      if (error.code === 'campaign_aborted') skippedAborted += 1;
    }
  }
  const logged = filter.recipient
    ? { ...filter, recipient: maskRecipient(filter.recipient) }
    : filter;
  log.info({ replayed, filter: logged, requestedBy }, 'bulk replay');
  return { replayed, skipped_aborted: skippedAborted };
}
