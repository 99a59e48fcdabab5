import { maskRecipient } from '../logging/mask-recipient';
import type { Channel } from '../notifications/notification-status';
import { abortedCampaigns, type AbortedReason } from './aborted-campaigns';
import type { LedgerContext } from './ledger-context';
import {
  CampaignAbortedError,
  NotificationNotFoundError,
  NotReplayableError,
} from './ledger-errors';
import { assertTransition } from './lifecycle';
import { toSummary } from './notification-mapper';
import type { NotificationRecord } from './notification-model';
import { matchingIds } from './matching-ids';

/** A replay holds the notification's delivery lease this long: one read and one write. */
const REPLAY_LEASE_MS = 10_000;

export interface ReplayFilter {
  type?: Channel;
  campaignId?: string;
  recipient?: string;
  /** Created in this range (the list's time filter): a range of ids, see created-range.ts. */
  createdAfter?: Date;
  createdBefore?: Date;
  limit: number;
}

/**
 * Operator replays of dead letters: back to `queued`, the replay recorded (when, by whom),
 * and a fresh delivery job (a new job id per replay) with a fresh budget. Only `failed` ones:
 * replaying one in flight or sent would risk a second delivery. Never one of an aborted
 * campaign: a replay would send what the operator (or a failed upload) stopped. (Should a
 * campaign be aborted just after this check, the processor's campaign gate still cancels.)
 * The write is by `_id`, under the notification's delivery lease, so two replays of one
 * notification cannot both pass the status check.
 */
export function replays(ctx: LedgerContext) {
  /**
   * A failed notification's lease is only ever held for milliseconds (a worker dropping a
   * leftover job of it, another replay), so it is asked for a few times over a second.
   */
  const leaseFor = async (id: string) => {
    for (let attempt = 0; ; attempt += 1) {
      const lease = await ctx.lease.acquire(id, REPLAY_LEASE_MS);
      if (lease.held) return lease;
      if (attempt === 4) throw new NotReplayableError('being worked on');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  async function replayOne(
    id: string,
    requestedBy: string,
    abortedReason: AbortedReason = abortedCampaigns(ctx.campaigns),
  ): Promise<NotificationRecord> {
    const check = async () => {
      const doc = await ctx.model.findById(id).lean<NotificationRecord>();
      if (!doc) throw new NotificationNotFoundError(id);
      if (doc.status !== 'failed') throw new NotReplayableError(doc.status);
      const reason = doc.campaignId ? await abortedReason(doc.campaignId) : null;
      if (reason !== null) throw new CampaignAbortedError(reason);
      return doc;
    };
    await check();
    const lease = await leaseFor(id);
    try {
      // Read again under the lease: only now can no other replay or worker change it.
      const current = await check();
      assertTransition(current.status, 'queued');
      const replay = { at: new Date(), by: requestedBy };
      const set = {
        status: 'queued' as const,
        leaseUntil: null,
        failedAt: null,
        updatedAt: replay.at,
      };
      await ctx.model.updateOne(
        { _id: id },
        { $set: set, $push: { replays: replay } },
        { timestamps: false },
      );
      const next: NotificationRecord = {
        ...current,
        ...set,
        replays: [...current.replays, replay],
      };
      try {
        await ctx.views.file([next]);
        await ctx.queues.enqueue([next]);
      } catch (error) {
        // Stored as queued: the reconciler derives the same job id and enqueues it.
        ctx.logger.warn(
          { err: error, notificationId: id },
          'replay not queued yet; the reconciler will',
        );
      }
      ctx.publish({ kind: 'notification.status', notification: toSummary(next) });
      ctx.logger.info(
        {
          notificationId: id,
          campaignId: next.campaignId,
          replay: next.replays.length,
          requestedBy,
        },
        'notification replayed',
      );
      return next;
    } finally {
      await ctx.lease.release(id, lease.token).catch(() => undefined);
    }
  }

  return {
    one: replayOne,

    /**
     * Every dead letter matching the filter, oldest first, up to `limit`, each through the
     * same single replay. Those of an aborted campaign are skipped and counted.
     */
    async matching(filter: ReplayFilter, requestedBy: string) {
      const { ids } = await matchingIds(ctx, { ...filter, status: 'failed' }, 'oldest');
      const abortedReason = abortedCampaigns(ctx.campaigns);
      let replayed = 0;
      let skippedAborted = 0;
      for (const id of ids) {
        try {
          await replayOne(id, requestedBy, abortedReason);
          replayed += 1;
        } catch (error) {
          if (error instanceof CampaignAbortedError) skippedAborted += 1;
          // One that left `failed` meanwhile (another replay) is skipped, not an error.
          else if (!(
            error instanceof NotReplayableError || error instanceof NotificationNotFoundError
          ))
            throw error;
        }
      }
      const logged = filter.recipient
        ? { ...filter, recipient: maskRecipient(filter.recipient) }
        : filter;
      ctx.logger.info({ replayed, skippedAborted, filter: logged, requestedBy }, 'bulk replay');
      return { replayed, skippedAborted };
    },
  };
}
