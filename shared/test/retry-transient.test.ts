import { MongoNetworkError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import {
  isInfrastructureUnavailable,
  isTransientStoreError,
  retryTransient,
  StoreUnavailableError,
} from '../src/store';

/** The error FerretDB answers when SQLite's write lock stayed taken (seen with v1.24.2). */
const sqliteBusy = () =>
  new MongoServerError({
    ok: 0,
    code: 1,
    codeName: 'InternalError',
    errmsg: '[msg_insert.go:168 handler.(*Handler).MsgInsert] database is locked (5) (SQLITE_BUSY)',
  });

/** An operation that fails with the given errors, in order, then succeeds. */
function failing(errors: Error[]) {
  let calls = 0;
  return {
    calls: () => calls,
    run: () => {
      const error = errors[calls];
      calls += 1;
      return error ? Promise.reject(error) : Promise.resolve('stored');
    },
  };
}

describe('transient store errors', () => {
  it.each([
    ['SQLite busy (FerretDB)', sqliteBusy()],
    ['a primary that stepped down', new MongoServerError({ code: 10107, errmsg: 'not primary' })],
    ['a write conflict', new MongoServerError({ code: 112, errmsg: 'WriteConflict' })],
    [
      'a server-labelled retryable write',
      new MongoServerError({ code: 999, errmsg: 'x', errorLabels: ['RetryableWriteError'] }),
    ],
    ['a reset connection', new MongoNetworkError('read ECONNRESET')],
  ])('counts %s as transient and unavailable', (_name, error) => {
    expect(isTransientStoreError(error)).toBe(true);
    expect(isInfrastructureUnavailable(error)).toBe(true);
  });

  it.each([
    ['a duplicate key', new MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key' })],
    ['a bad update', new MongoServerError({ code: 14, errmsg: 'Cannot apply $inc' })],
    ['a bug', new TypeError('x is undefined')],
  ])('does not count %s as transient', (_name, error) => {
    expect(isTransientStoreError(error)).toBe(false);
  });
});

describe('retryTransient', () => {
  it('retries a busy store until the write lands', async () => {
    const operation = failing([sqliteBusy(), sqliteBusy(), sqliteBusy()]);
    await expect(retryTransient(operation.run, { budgetMs: 2000 })).resolves.toBe('stored');
    expect(operation.calls()).toBe(4);
  });

  it('passes any other error on at once, untouched', async () => {
    const bug = new TypeError('x is undefined');
    const operation = failing([bug]);
    await expect(retryTransient(operation.run, { budgetMs: 2000 })).rejects.toBe(bug);
    expect(operation.calls()).toBe(1);
  });

  it('gives up within its budget as StoreUnavailableError, the last error as its cause', async () => {
    const busy = Array.from({ length: 1000 }, sqliteBusy);
    const operation = failing(busy);
    const started = Date.now();
    const error = await retryTransient(operation.run, { budgetMs: 300 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(300);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).cause).toBe(busy[operation.calls() - 1]);
    expect(isInfrastructureUnavailable(error)).toBe(true);
    // It tried more than once before giving up.
    expect(operation.calls()).toBeGreaterThan(1);
  });
});
