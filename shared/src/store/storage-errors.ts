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

const UNAVAILABLE_NAMES = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
  'MaxRetriesPerRequestError',
]);

/**
 * True for "the database or Redis is not reachable right now" (answer 503, postpone work),
 * as opposed to a bug or bad data (answer 500, fail loudly).
 */
export function isInfrastructureUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (UNAVAILABLE_NAMES.has(error.name)) return true;
  // mongoose with bufferCommands off, before the first connection is made
  if (/before initial connection is complete/.test(error.message)) return true;
  // ioredis with its offline queue off, and BullMQ on a closed connection
  if (/Stream isn't writeable|Connection is closed|ECONNREFUSED|ECONNRESET/.test(error.message)) {
    return true;
  }
  return error.cause !== undefined && isInfrastructureUnavailable(error.cause);
}
