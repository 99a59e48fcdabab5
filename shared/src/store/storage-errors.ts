/**
 * MongoDB reports a unique-index violation as code 11000 (11001 on old servers), on the
 * error itself or inside a bulk write's writeErrors. FerretDB does so on inserts, but on an
 * update its SQLite backend answers InternalError (code 1) carrying SQLite's own
 * "UNIQUE constraint failed" text (seen with v1.24.2; see duplicate-key.test.ts), so that
 * message counts too. We never read `keyValue`: FerretDB does not fill it.
 */
const DUPLICATE_MESSAGE = /E11000 duplicate key|UNIQUE constraint failed/;

export function isDuplicateKeyError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as {
    code?: unknown;
    message?: unknown;
    writeErrors?: { code?: unknown }[];
    errorResponse?: { code?: unknown };
    cause?: unknown;
  };
  const duplicate = (code: unknown) => code === 11000 || code === 11001;
  return (
    duplicate(candidate.code) ||
    (typeof candidate.message === 'string' && DUPLICATE_MESSAGE.test(candidate.message)) ||
    duplicate(candidate.errorResponse?.code) ||
    (candidate.writeErrors ?? []).some((e) => duplicate(e.code)) ||
    (candidate.cause !== undefined && isDuplicateKeyError(candidate.cause))
  );
}

/**
 * The items of an unordered insertMany that did land, given its duplicate-key error: each
 * write error names the index of an item that did not. Any other kind of failure among them
 * is thrown, since those items are neither stored nor known to be.
 */
export function withoutDuplicates<T>(items: readonly T[], error: unknown): T[] {
  const writeErrors =
    (error as { writeErrors?: { index?: number; code?: number; err?: { index?: number } }[] })
      .writeErrors ?? [];
  if (writeErrors.length === 0) return [];
  const failed = new Set<number>();
  for (const writeError of writeErrors) {
    if (!isDuplicateKeyError(writeError)) throw error;
    const index = writeError.index ?? writeError.err?.index;
    if (index === undefined) return [];
    failed.add(index);
  }
  return items.filter((_, index) => !failed.has(index));
}

/**
 * Driver errors for "the server could not be reached or answered in time": a reset or
 * refused connection, a timed-out socket, no server selected, a pool cleared after a
 * network error. ioredis's MaxRetriesPerRequestError is Redis's equivalent.
 */
const UNAVAILABLE_NAMES = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
  'MongoOperationTimeoutError',
  'MaxRetriesPerRequestError',
]);

/**
 * Server codes that say "not now" rather than "never": the MongoDB driver's retryable set
 * (HostUnreachable 6, HostNotFound 7, NetworkTimeout 89, ShutdownInProgress 91,
 * PrimarySteppedDown 189, ExceededTimeLimit 262, SocketException 9001, NotWritablePrimary
 * 10107, InterruptedAtShutdown 11600, InterruptedDueToReplStateChange 11602,
 * NotPrimaryNoSecondaryOk 13435, NotPrimaryOrSecondary 13436,
 * ReadConcernMajorityNotAvailableYet 134), the legacy NotPrimary 10058, and lock contention:
 * LockTimeout 24, LockBusy 46, MaxTimeMSExpired 50, WriteConflict 112.
 */
const TRANSIENT_CODES = new Set([
  6, 7, 24, 46, 50, 89, 91, 112, 134, 189, 262, 9001, 10058, 10107, 11600, 11602, 13435, 13436,
]);
/** Labels a MongoDB server or the driver puts on an error worth one more try. */
const TRANSIENT_LABELS = ['RetryableWriteError', 'TransientTransactionError', 'PoolRequestedRetry'];
/**
 * FerretDB answers InternalError (code 1) carrying SQLite's text when a writer waited out
 * its busy timeout: `database is locked (5) (SQLITE_BUSY)`, or SQLITE_LOCKED (6) for a
 * shared-cache table lock (see store-contention.test.ts). Old servers say "not master" and
 * "node is recovering" in the message alone.
 */
const TRANSIENT_MESSAGE =
  /SQLITE_BUSY|SQLITE_LOCKED|database is locked|database table is locked|not master|node is recovering/i;

interface DriverErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  errmsg?: unknown;
  errorLabels?: unknown;
  errorResponse?: { code?: unknown; errmsg?: unknown };
  writeErrors?: DriverErrorShape[];
  cause?: unknown;
}

/**
 * True for a store error that a moment later may well not happen again: the server is
 * busy (SQLite's write lock, a lock timeout), changing primaries, or the connection to it
 * broke. False for a bug, bad data or a duplicate key: retrying those only repeats them.
 */
export function isTransientStoreError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as DriverErrorShape;
  if (isDuplicateKeyError(error)) return false;
  if (typeof candidate.name === 'string' && UNAVAILABLE_NAMES.has(candidate.name)) return true;
  const codes = [candidate.code, candidate.errorResponse?.code];
  if (codes.some((code) => typeof code === 'number' && TRANSIENT_CODES.has(code))) return true;
  const labels = Array.isArray(candidate.errorLabels) ? (candidate.errorLabels as unknown[]) : [];
  if (labels.some((label) => TRANSIENT_LABELS.includes(String(label)))) return true;
  const texts = [candidate.message, candidate.errmsg, candidate.errorResponse?.errmsg];
  if (texts.some((text) => typeof text === 'string' && TRANSIENT_MESSAGE.test(text))) return true;
  return (
    (candidate.writeErrors ?? []).some(isTransientStoreError) ||
    (candidate.cause !== undefined && isTransientStoreError(candidate.cause))
  );
}

/**
 * The store stayed busy or unreachable for a whole retry budget (see retry-transient.ts).
 * A domain error, not an HTTP one: the api answers it 503 with Retry-After through
 * isInfrastructureUnavailable, the processor postpones the job.
 */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('The store is busy or unreachable; retry later', { cause });
    this.name = 'StoreUnavailableError';
  }
}

/**
 * True for "the database or Redis is not reachable or too busy right now" (answer 503,
 * postpone work), as opposed to a bug or bad data (answer 500, fail loudly).
 */
export function isInfrastructureUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof StoreUnavailableError || isTransientStoreError(error)) return true;
  // mongoose with bufferCommands off, before the first connection is made
  if (/before initial connection is complete/.test(error.message)) return true;
  // ioredis with its offline queue off, and BullMQ on a closed connection
  if (/Stream isn't writeable|Connection is closed|ECONNREFUSED|ECONNRESET/.test(error.message)) {
    return true;
  }
  return error.cause !== undefined && isInfrastructureUnavailable(error.cause);
}
