export interface GroupCommitSettings {
  /**
   * How long the first item of a batch waits for company. 5 ms is under a tenth of an
   * intake request's own time, and at a few hundred requests a second it gathers tens of
   * writes into one round trip (one SQLite transaction on the embedded store instead of tens
   * of competing ones, which is what made them fail with SQLITE_BUSY).
   */
  maxWaitMs: number;
  /** A batch is written at once when it reaches this size, whatever the wait. */
  maxBatch: number;
  /**
   * At most one flush in flight: items arriving meanwhile wait for it to end and go out
   * together in the next (at most `maxBatch` per flush). For writes whose cost on the store
   * grows with the number in flight at once (see coalesced-writes.ts).
   */
  oneAtATime?: boolean;
}

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: callers hand in one item each and wait for their own result, while the
 * items of every caller within a few milliseconds are written by one `flush`. `flush`
 * answers one result (or Error) per item, in order; a thrown error fails the whole batch.
 */
export function groupCommit<T, R>(
  flush: (items: T[]) => Promise<(R | Error)[]>,
  settings: GroupCommitSettings,
) {
  let batch: Pending<T, R>[] = [];
  let timer: NodeJS.Timeout | null = null;
  let flushing = false;

  const run = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (batch.length === 0 || (settings.oneAtATime && flushing)) return;
    const taken = batch.slice(0, settings.maxBatch);
    batch = batch.slice(taken.length);
    flushing = true;
    flush(taken.map((pending) => pending.item))
      .then(
        (results) =>
          taken.forEach((pending, i) => {
            const result = results[i];
            if (result instanceof Error) pending.reject(result);
            else pending.resolve(result as R);
          }),
        (error: unknown) => taken.forEach((pending) => pending.reject(error)),
      )
      .finally(() => {
        flushing = false;
        // Whatever queued up behind this flush goes now, without a second wait.
        if (settings.oneAtATime) run();
      });
  };

  return (item: T): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      batch.push({ item, resolve, reject });
      if (batch.length >= settings.maxBatch) run();
      else timer ??= setTimeout(run, settings.maxWaitMs);
    });
}
