import { retryTransient } from '../store/retry-transient';
import { isDuplicateKeyError, withoutDuplicates } from '../store/storage-errors';
import { groupCommit, type GroupCommitSettings } from './group-commit';
import type { LedgerContext } from './ledger-context';
import { toSummary } from './notification-mapper';
import type { NotificationRecord } from './notification-model';

export interface AcceptSettings {
  /** How long one batch may spend on MongoDB, retries of a busy store included. */
  storeBudgetMs: number;
  groupCommit: GroupCommitSettings;
  /** A fault-injection hook run between the insert and the queuing (FAULT_CRASH_AFTER_STORE). */
  afterStore?: () => void;
}

/**
 * Accepting is three steps, each one round trip for a whole batch:
 * 1. the ids go into the reconciler's "touched" set (Redis): from here on, a crash at any
 *    point is repaired, because the reconciler looks up each touched id by `_id`;
 * 2. one insertMany (MongoDB): the durable acceptance. A retry of a batch that partly
 *    landed reports duplicate ids, which are stored, so they count as accepted;
 * 3. the views are filed and one addBulk per provider queues them, after the answer. If
 *    this fails the notifications are still accepted: the reconciler files and queues them.
 */
export function acceptance(ctx: LedgerContext, settings: AcceptSettings) {
  const budget = { budgetMs: settings.storeBudgetMs };

  /** Returns the records this call inserted: the others' ids were stored already. */
  const store = async (records: NotificationRecord[]): Promise<NotificationRecord[]> => {
    await ctx.views.touch(records.map((record) => record._id));
    try {
      await retryTransient(
        () => ctx.model.insertMany(records, { ordered: false, lean: true }),
        budget,
      );
      return records;
    } catch (error) {
      // ordered: false wrote every other document; a duplicate id is one already stored.
      if (!isDuplicateKeyError(error)) throw error;
      return withoutDuplicates(records, error);
    }
  };

  /** `announce`: one event per row is right for one-offs, a flood for a campaign's file. */
  const release = async (records: NotificationRecord[], announce: boolean): Promise<void> => {
    if (announce) {
      for (const record of records) {
        ctx.publish({ kind: 'notification.status', notification: toSummary(record) });
      }
    }
    try {
      // Filed before queued: a worker's first transition must find the id in `queued`.
      await ctx.views.file(records);
      await ctx.queues.enqueue(records);
    } catch (error) {
      ctx.logger.warn(
        { err: error, notificationIds: records.slice(0, 10).map((r) => r._id) },
        'enqueue failed; the reconciler will enqueue',
      );
    }
  };

  /** Releases still running after their 202s: `drain` lets a stopping process finish them. */
  const releasing = new Set<Promise<void>>();
  const releaseAfterAnswer = (records: NotificationRecord[]) => {
    const running = release(records, true)
      .then(() => {
        // The api's access line already says "notification accepted" with the ids; a second
        // line per notification at info doubled what the intake spends on logging.
        if (!ctx.logger.isLevelEnabled('debug')) return;
        for (const record of records) {
          ctx.logger.debug(
            { notificationId: record._id, provider: record.provider },
            'notification queued',
          );
        }
      })
      // `release` keeps its own store errors; this is for anything else, so nothing is unhandled.
      .catch((error: unknown) => {
        ctx.logger.error({ err: error }, 'accepted notifications not released');
      });
    releasing.add(running);
    void running.finally(() => releasing.delete(running));
  };

  // The 202 waits for the durable insert only (the "202 once the insert is durable"):
  // filing and queuing add two Redis round trips that a request need not wait for, since a
  // crash before they land is repaired by the reconciler from the "touched" set.
  const commit = groupCommit<NotificationRecord, undefined>(async (records) => {
    await store(records);
    settings.afterStore?.();
    releaseAfterAnswer(records);
    return records.map(() => undefined);
  }, settings.groupCommit);

  return {
    /** One notification, sharing its writes with every other accepted within milliseconds. */
    one: commit,

    /**
     * A batch the caller assembled (a campaign's rows): stored now; the returned function
     * files and queues it, so a caller can overlap queuing one batch with storing the next.
     */
    async stored(records: NotificationRecord[]): Promise<() => Promise<void>> {
      if (records.length > 0) await store(records);
      return () => (records.length > 0 ? release(records, false) : Promise.resolve());
    },

    /**
     * Stores, files and queues what was not stored before (the campaign cursor's chunks, which
     * a restarted cursor may hand in twice). One stored earlier is left as it is: it may have
     * been sent since, and if its filing never happened the reconciler does it from the
     * touched set. Returns how many were new.
     */
    async storeNew(records: NotificationRecord[]): Promise<number> {
      if (records.length === 0) return 0;
      const inserted = await store(records);
      await release(inserted, false);
      return inserted.length;
    },

    /** Waits for the filing and queuing of notifications already answered. */
    drain: async () => {
      await Promise.all([...releasing]);
    },

    /** Is an id already stored (a repeat with the same Idempotency-Key)? */
    exists: async (id: string) =>
      (await retryTransient(() => ctx.model.exists({ _id: id }), budget)) !== null,
  };
}

export type Acceptance = ReturnType<typeof acceptance>;
