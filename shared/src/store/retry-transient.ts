import { setTimeout as sleep } from 'node:timers/promises';
import { isTransientStoreError, StoreUnavailableError } from './storage-errors';

/**
 * The first retry waits up to 10 ms: a contended SQLite write (FerretDB) holds its lock for a
 * millisecond or two, so a few competing writers are through by then.
 */
const BASE_DELAY_MS = 10;
/**
 * Each wait at most 250 ms: a primary election or a reset connection takes longer than that
 * to heal, so later tries are spread over the budget rather than bunched at its end.
 */
const MAX_DELAY_MS = 250;

export interface RetryOptions {
  /**
   * How long the whole operation may take, retries included, before it is given up as
   * unavailable (a request's own budget: its caller is waiting).
   */
  budgetMs: number;
  /** Called before each wait, for a log line; attempt counts from 1. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Runs a store operation, and runs it again while it fails with a transient error (a busy
 * SQLite lock, a reset connection, a primary stepping down), each wait drawn at random up
 * to an exponentially growing ceiling ("full jitter"), so writers that collided once do not
 * collide again in step. Gives up when the next wait would overrun the budget: a transient
 * error then becomes a StoreUnavailableError (503 with Retry-After in the api), any other
 * error is passed on at once, untouched.
 *
 * Only for operations that are safe to repeat: an insert under a fixed `_id` (a repeat that
 * already landed reports a duplicate key, which the caller treats as done), a read, or a
 * conditional update.
 */
export async function retryTransient<T>(
  operation: () => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const deadline = Date.now() + options.budgetMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (!isTransientStoreError(error)) throw error;
      const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
      const delayMs = Math.round(Math.random() * ceiling);
      if (Date.now() + delayMs >= deadline) throw new StoreUnavailableError(error);
      options.onRetry?.(error, attempt, delayMs);
      await sleep(delayMs);
    }
  }
}
