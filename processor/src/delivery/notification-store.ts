import type { NotificationStatus } from '@notify/shared';
import { toSummary, type NotificationModel, type NotificationRecord } from '@notify/shared/store';
import type { AttemptResult } from './attempt-result';
import type { PublishStatus } from '@notify/shared/store';

export type Claim =
  | { kind: 'claimed'; doc: NotificationRecord }
  | { kind: 'missing' }
  | { kind: 'terminal'; status: NotificationStatus }
  | { kind: 'leased'; leaseUntil: Date };

/** Every status change goes through here: written to MongoDB, then published. */
export function notificationStore(model: NotificationModel, publish: PublishStatus) {
  const announce = <T extends NotificationRecord | null>(doc: T): T => {
    if (doc) publish({ kind: 'notification.status', notification: toSummary(doc) });
    return doc;
  };

  return {
    get: (id: string) => model.findById(id).lean<NotificationRecord>(),

    /**
     * Takes the notification for one send. A notification that is already sent or failed is
     * never sent again (a job delivered twice by the queue stops here), and one that another
     * worker holds is left alone until that worker's lease runs out.
     */
    async claim(id: string, leaseMs: number): Promise<Claim> {
      const now = new Date();
      const doc = await model
        .findOneAndUpdate(
          {
            _id: id,
            $or: [
              { status: { $in: ['queued', 'retrying'] } },
              { status: 'processing', leaseUntil: { $lt: now } },
              { status: 'processing', leaseUntil: null },
            ],
          },
          { $set: { status: 'processing', leaseUntil: new Date(now.getTime() + leaseMs) } },
          { returnDocument: 'after' },
        )
        .lean<NotificationRecord>();
      if (doc) return { kind: 'claimed', doc: announce(doc) };
      const current = await model.findById(id).lean<NotificationRecord>();
      if (!current) return { kind: 'missing' };
      if (current.status === 'sent' || current.status === 'failed') {
        return { kind: 'terminal', status: current.status };
      }
      return { kind: 'leased', leaseUntil: current.leaseUntil ?? now };
    },

    /** Gives a claimed notification back untouched (the breaker refused the call). */
    async release(id: string): Promise<void> {
      announce(
        await model
          .findOneAndUpdate(
            { _id: id, status: 'processing' },
            { $set: { status: 'retrying', leaseUntil: null } },
            { returnDocument: 'after' },
          )
          .lean<NotificationRecord>(),
      );
    },

    /** Appends the attempt and moves to the status the retry policy chose, in one write. */
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
      return announce(
        await model
          .findOneAndUpdate(
            { _id: id, status: { $in: ['processing', 'queued', 'retrying'] } },
            {
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
            },
            { returnDocument: 'after' },
          )
          .lean<NotificationRecord>(),
      );
    },

    /** Dead-letters a notification the queue gave up on for reasons of its own (stalls). */
    async failIfUnfinished(id: string, reason: string): Promise<void> {
      announce(
        await model
          .findOneAndUpdate(
            { _id: id, status: { $in: ['queued', 'processing', 'retrying'] } },
            {
              $set: { status: 'failed', lastError: reason, leaseUntil: null, failedAt: new Date() },
            },
            { returnDocument: 'after' },
          )
          .lean<NotificationRecord>(),
      );
    },
  };
}

export type NotificationStore = ReturnType<typeof notificationStore>;
