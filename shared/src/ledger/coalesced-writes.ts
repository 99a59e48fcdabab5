import type { UpdateQuery } from 'mongoose';
import { groupCommit } from './group-commit';
import type { NotificationModel, NotificationRecord } from './notification-model';

interface WriteError {
  index: number;
  errmsg?: string;
}

/**
 * Updates by `_id`, coalesced: every worker's status write within 2 ms goes out as one
 * unordered bulkWrite (one round trip, one transaction on the embedded store), and each
 * caller learns whether its own write landed. 2 ms is below the noise of one MongoDB write,
 * and a batch of 200 stays far under the 16 MB command limit (a write is a few hundred bytes).
 */
export function coalescedWrites(model: NotificationModel) {
  const write = groupCommit<{ id: string; change: UpdateQuery<NotificationRecord> }, undefined>(
    async (items) => {
      const operations = items.map(({ id, change }) => ({
        updateOne: { filter: { _id: id }, update: change },
      }));
      try {
        await model.bulkWrite(operations, { ordered: false, timestamps: false });
        return items.map(() => undefined);
      } catch (error) {
        // Unordered: the others were written; only the listed ones failed.
        const failed = (error as { writeErrors?: WriteError[] }).writeErrors;
        if (!failed) throw error;
        const results: (undefined | Error)[] = items.map(() => undefined);
        for (const { index, errmsg } of failed)
          results[index] = new Error(errmsg ?? 'write failed');
        return results;
      }
    },
    { maxWaitMs: 2, maxBatch: 200 },
  );
  return (id: string, change: UpdateQuery<NotificationRecord>) => write({ id, change });
}
