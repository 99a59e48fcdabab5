import type { UpdateQuery } from 'mongoose';
import { groupCommit } from './group-commit';
import type { NotificationModel, NotificationRecord } from './notification-model';

/**
 * Updates by `_id`, coalesced: the workers' status writes go out as one unordered bulkWrite
 * at a time per process (each waits at most 2 ms for company, or for the write in flight),
 * and each caller resolves only once its batch is acknowledged. On the embedded store that
 * is ~800–1,200 updates/s (16–32 per batch) against ~250–400/s as single updates
 * (docs/benchmarks.md).
 *
 * One at a time and at most 24 per batch because FerretDB 1.24 keeps one SQLite connection
 * open per statement of an update command until the last statement is done, from a pool of
 * 100: three concurrent batches of 50, or one of 200, wait on each other for good (seen:
 * the delivery benchmark at 200 workers stalled after 39 sends). 24 leaves room for a
 * second processor and the api's own writes.
 *
 * Any error fails every write of the batch, even those the server may have applied: a lost
 * connection also arrives as a MongoBulkWriteError, with an empty `writeErrors`, so "the
 * listed ones failed and the others landed" cannot be read from it. Failing them all is safe
 * because each write is a `$set` by `_id` that is harmless to repeat (attempts go to their
 * own array position), and callers already treat a failed write as "not recorded".
 */
export function coalescedWrites(model: NotificationModel) {
  const write = groupCommit<{ id: string; change: UpdateQuery<NotificationRecord> }, undefined>(
    async (items) => {
      const operations = items.map(({ id, change }) => ({
        updateOne: { filter: { _id: id }, update: change },
      }));
      await model.bulkWrite(operations, { ordered: false, timestamps: false });
      return items.map(() => undefined);
    },
    { maxWaitMs: 2, maxBatch: 24, oneAtATime: true },
  );
  return (id: string, change: UpdateQuery<NotificationRecord>) => write({ id, change });
}
