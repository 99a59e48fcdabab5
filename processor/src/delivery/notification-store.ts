import { isTerminal, type NotificationStatus } from '@notify/shared';
import {
  toSummary,
  type NotificationModel,
  type NotificationRecord,
  type PublishStatus,
} from '@notify/shared/store';
import type { AttemptResult } from './attempt-result';
import type { DeliveryLease } from './delivery-lease';

export type Claim =
  | { kind: 'claimed'; doc: NotificationRecord }
  | { kind: 'missing' }
  | { kind: 'terminal'; status: NotificationStatus }
  | { kind: 'leased'; leaseUntil: Date };

/**
 * Every status change the processor makes goes through here: written to MongoDB, then
 * published. Every write is addressed by `_id` alone, so its cost does not grow with the
 * number of notifications stored; the "only one sender" rule that a conditional update
 * used to enforce is the Redis lease taken in `claim` and held until `record`/`release`.
 */
export function notificationStore(
  model: NotificationModel,
  publish: PublishStatus,
  lease: DeliveryLease,
) {
  /** Leases this process holds, by notification id, so callers never handle tokens. */
  const held = new Map<string, string>();
  const announce = <T extends NotificationRecord | null>(doc: T): T => {
    if (doc) publish({ kind: 'notification.status', notification: toSummary(doc) });
    return doc;
  };
  const update = (id: string, change: Record<string, unknown>) =>
    model
      .findOneAndUpdate({ _id: id }, change, { returnDocument: 'after' })
      .lean<NotificationRecord>();
  const letGo = async (id: string) => {
    const token = held.get(id);
    if (!token) return;
    held.delete(id);
    // Best effort: a lease that cannot be deleted expires on its own.
    await lease.release(id, token).catch(() => undefined);
  };

  return {
    get: (id: string) => model.findById(id).lean<NotificationRecord>(),

    /**
     * Takes the notification for one send. The lease comes first and the stored status is
     * read under it, so a worker that finished a send (and recorded it before letting go)
     * is always seen: a sent or failed notification is never sent again, and one another
     * worker holds is left alone until its lease runs out.
     */
    async claim(id: string, leaseMs: number): Promise<Claim> {
      const attempt = await lease.acquire(id, leaseMs);
      if (!attempt.held) {
        return { kind: 'leased', leaseUntil: new Date(Date.now() + attempt.remainingMs) };
      }
      held.set(id, attempt.token);
      try {
        const current = await model.findById(id).lean<NotificationRecord>();
        if (!current) {
          await letGo(id);
          return { kind: 'missing' };
        }
        if (isTerminal(current.status)) {
          await letGo(id);
          return { kind: 'terminal', status: current.status };
        }
        const leaseUntil = new Date(Date.now() + leaseMs);
        const doc = await update(id, { $set: { status: 'processing', leaseUntil } });
        if (!doc) {
          await letGo(id);
          return { kind: 'missing' };
        }
        return { kind: 'claimed', doc: announce(doc) };
      } catch (error) {
        await letGo(id);
        throw error;
      }
    },

    /** Gives a claimed notification back untouched (the breaker refused the call). */
    async release(id: string): Promise<void> {
      try {
        announce(await update(id, { $set: { status: 'retrying', leaseUntil: null } }));
      } finally {
        await letGo(id);
      }
    },

    /**
     * Appends the attempt and moves to the status the retry policy chose, in one write. The
     * lease is let go only once the write landed: until then no other worker may send.
     */
    async record(
      id: string,
      attemptNumber: number,
      result: AttemptResult,
      status: 'sent' | 'retrying' | 'failed',
      lastError: string | null,
      tokenHash: string | null = null,
    ): Promise<NotificationRecord | null> {
      const at = new Date(result.at);
      const set: Partial<NotificationRecord> = { status, lastError, leaseUntil: null };
      // Any attempt may have reached the recipient (a timed-out call can still deliver), and
      // every attempt carries the same derived token, so its hash is kept from the first.
      if (tokenHash) set.tokenHash = tokenHash;
      // Sent when the provider answered, not when the call started (slow answers take 5 s).
      if (status === 'sent') set.sentAt = new Date(at.getTime() + result.latencyMs);
      if (status === 'failed') set.failedAt = new Date();
      const change = {
        $set: set,
        $inc: { attemptCount: 1 },
        $push: {
          attempts: {
            number: attemptNumber,
            at,
            outcome: result.outcome,
            httpStatus: result.httpStatus,
            latencyMs: result.latencyMs,
            error: result.error,
          },
        },
      };
      // On a failed write the Redis lease is kept until it expires: the answer waits on the
      // job to be recorded, and meanwhile no other worker may send.
      const doc = await update(id, change).catch((error: unknown) => {
        held.delete(id);
        throw error;
      });
      await letGo(id);
      return announce(doc);
    },

    /**
     * Dead-letters a notification without a provider call: the queue gave up on it (stalls)
     * or its campaign was aborted. Read, then written by `_id`; a finished one is left as is.
     */
    async failIfUnfinished(id: string, reason: string): Promise<void> {
      try {
        const current = await model.findById(id, { status: 1 }).lean<NotificationRecord>();
        if (!current || isTerminal(current.status)) return;
        announce(
          await update(id, {
            $set: { status: 'failed', lastError: reason, leaseUntil: null, failedAt: new Date() },
          }),
        );
      } finally {
        await letGo(id);
      }
    },
  };
}

export type NotificationStore = ReturnType<typeof notificationStore>;
