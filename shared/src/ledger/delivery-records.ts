import type { NotificationStatus } from '../notifications/notification-status';
import { isTerminal } from '../notifications/notification-status';
import { recordedAnswer, type AttemptFacts } from './attempt-record';
import { coalescedWrites } from './coalesced-writes';
import { heldLeases } from './held-leases';
import { assertTransition } from './lifecycle';
import type { LedgerContext } from './ledger-context';
import { toSummary } from './notification-mapper';
import type { NextAttemptRecord, NotificationRecord } from './notification-model';

export type { AttemptFacts } from './attempt-record';

export type Claim =
  | { kind: 'claimed'; doc: NotificationRecord }
  | { kind: 'missing' }
  | { kind: 'terminal'; status: NotificationStatus }
  | { kind: 'leased'; leaseUntil: Date };

/**
 * The processor's side of the ledger: claim a notification for one send, record the answer,
 * hand it back, or dead-letter it. Every write is addressed by `_id` alone, coalesced with
 * the other workers' writes into one bulkWrite, and safe to repeat (the attempt goes to its
 * own array position, not a $push), so an answer recorded again after a crash changes
 * nothing twice. "Only one sender" is the Redis lease taken in `claim` and held until the
 * answer is recorded.
 */
export function deliveryRecords(ctx: LedgerContext) {
  // Every worker's writes within 2 ms share one bulkWrite by `_id` (coalesced-writes.ts).
  const write = coalescedWrites(ctx.model);
  const held = heldLeases(ctx.lease);
  const letGo = held.letGo;

  /** Writes a transition, files it in the views and announces it. */
  const transition = async (
    doc: NotificationRecord,
    status: NotificationStatus,
    set: Record<string, unknown> = {},
  ): Promise<NotificationRecord> => {
    assertTransition(doc.status, status);
    // "Next attempt" describes a wait; any other move ends it (in the same write).
    if (status !== 'retrying' && doc.nextAttempt && !('nextAttempt' in set)) {
      set = { ...set, nextAttempt: null };
    }
    const updatedAt = new Date();
    await write(doc._id, { $set: { ...set, status, updatedAt } });
    const next = { ...doc, ...set, status, updatedAt } as NotificationRecord;
    // MongoDB is the record; a view that missed this is filed again by the reconciler.
    await ctx.views.file([next]).catch((error: unknown) => {
      ctx.logger.warn({ err: error, notificationId: doc._id }, 'view not filed');
    });
    ctx.publish({ kind: 'notification.status', notification: toSummary(next) });
    return next;
  };

  async function failUnfinished(id: string, reason: string): Promise<boolean> {
    const current = await ctx.model.findById(id).lean<NotificationRecord>();
    if (!current || isTerminal(current.status)) return false;
    await transition(current, 'failed', {
      lastError: reason,
      leaseUntil: null,
      failedAt: new Date(),
    });
    return true;
  }

  return {
    get: (id: string) => ctx.model.findById(id).lean<NotificationRecord>(),

    /**
     * Takes the notification for one send. The lease comes first and the stored status is
     * read under it, so a worker that finished a send (and recorded it before letting go)
     * is always seen: a sent or failed notification is never sent again, and one another
     * worker holds is left alone until its lease runs out.
     */
    async claim(id: string, leaseMs: number): Promise<Claim> {
      const attempt = await ctx.lease.acquire(id, leaseMs);
      if (!attempt.held) {
        return { kind: 'leased', leaseUntil: new Date(Date.now() + attempt.remainingMs) };
      }
      held.keep(id, attempt.token);
      try {
        const current = await ctx.model.findById(id).lean<NotificationRecord>();
        if (!current) {
          await letGo(id);
          return { kind: 'missing' };
        }
        if (isTerminal(current.status)) {
          await letGo(id);
          return { kind: 'terminal', status: current.status };
        }
        const leaseUntil = new Date(Date.now() + leaseMs);
        return { kind: 'claimed', doc: await transition(current, 'processing', { leaseUntil }) };
      } catch (error) {
        await letGo(id);
        throw error;
      }
    },

    /**
     * Gives a claimed notification back untouched (the breaker refused, or it must wait),
     * with when it is due again and why, when the caller knows.
     */
    async release(
      doc: NotificationRecord,
      nextAttempt: NextAttemptRecord | null = null,
    ): Promise<void> {
      try {
        await transition(doc, 'retrying', { leaseUntil: null, nextAttempt });
      } finally {
        await letGo(doc._id);
      }
    },

    /**
     * Stores the attempt (at its own position, so a repeat overwrites it) and moves to the
     * status the retry policy chose, in one write. The lease is let go only once the write
     * landed: until then no other worker may send.
     */
    async record(
      doc: NotificationRecord,
      attemptNumber: number,
      result: AttemptFacts,
      status: 'sent' | 'retrying' | 'failed',
      lastError: string | null,
      tokenHash: string | null = null,
      /** With `retrying`: when the next attempt is due and why. */
      nextAttempt: NextAttemptRecord | null = null,
    ): Promise<NotificationRecord> {
      const { set, attempt } = recordedAnswer({
        attemptNumber,
        result,
        status,
        lastError,
        tokenHash,
        nextAttempt,
      });
      try {
        const next = await transition(doc, status, set);
        const attempts = [...doc.attempts.slice(0, attemptNumber - 1), attempt];
        await letGo(doc._id);
        return { ...next, attempts };
      } catch (error) {
        // The lease is kept until it expires: the answer waits on the job to be recorded,
        // and meanwhile no other worker may send.
        held.forget(doc._id);
        throw error;
      }
    },

    /**
     * Dead-letters a notification without a provider call: the queue gave up on it (stalls)
     * or its campaign was aborted. A finished one is left as it is.
     */
    async failIfUnfinished(id: string, reason: string): Promise<void> {
      try {
        await failUnfinished(id, reason);
      } finally {
        await letGo(id);
      }
    },

    /** The same for a caller holding the lease itself; true when it was failed now. */
    failUnfinished,

    /**
     * Its campaign was cancelled: a queued or retrying one ends `cancelled`, for a caller
     * holding the lease. One in `processing` is left to the worker that claimed it (it sends
     * and records, or hands it back); true when it was cancelled now.
     */
    async cancelUnsent(id: string): Promise<boolean> {
      const current = await ctx.model.findById(id).lean<NotificationRecord>();
      if (!current || (current.status !== 'queued' && current.status !== 'retrying')) return false;
      await transition(current, 'cancelled', { leaseUntil: null, lastError: 'campaign cancelled' });
      return true;
    },

    /** A claimed one whose campaign was cancelled, given up before any provider call. */
    async cancelClaimed(doc: NotificationRecord): Promise<void> {
      try {
        await transition(doc, 'cancelled', { leaseUntil: null, lastError: 'campaign cancelled' });
      } finally {
        await letGo(doc._id);
      }
    },
  };
}

export type DeliveryRecords = ReturnType<typeof deliveryRecords>;
