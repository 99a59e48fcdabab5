import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { IdempotencyKeyInFlightError, IdempotencyKeyReusedError } from './ledger-errors';

/** Each operation has its own keys: a notification's key never touches a campaign's. */
export type IdempotentOperation = 'notification' | 'campaign';

interface KeyRecord {
  /** `held`: the first request is still running; `done`: it succeeded. */
  state: 'held' | 'done';
  requestHash: string;
  resourceId: string;
}

export type Binding =
  | { kind: 'new'; resourceId: string }
  | { kind: 'replay'; resourceId: string }
  | { kind: 'conflict' };

/** The key is ours while the operation runs; it is settled one way or the other at its end. */
export interface Hold {
  kind: 'new';
  resourceId: string;
  /** Succeeded: later requests with the key replay it until the key expires. */
  complete(): Promise<void>;
  /** Failed: the key is free again, for a corrected request. */
  release(): Promise<void>;
}

/**
 * A held key lives this long unless renewed. Renewed every third of it while the request
 * runs (an upload may take an hour), so only a dead api leaves one behind, for 30 s at most.
 */
const HOLD_LEASE_MS = 30_000;

/** Sets the key unless it exists; answers the existing value, or nil when it was set. */
const CLAIM = `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return nil end
return redis.call('GET', KEYS[1])`;
/** The holder's own writes: each applies only while the key still holds its value. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const COMPLETE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[2]) end return nil`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** A stable hash of the normalised request, so key order and whitespace don't matter. */
export const requestHash = (body: Record<string, unknown>): string =>
  createHash('sha256')
    .update(JSON.stringify(body, Object.keys(body).sort()))
    .digest('hex');

/** The key was used for a different request. */
export const keyReused = () => new IdempotencyKeyReusedError();

/** The first request with this key has not finished yet. */
export const keyInFlight = (retryAfterSeconds: number) =>
  new IdempotencyKeyInFlightError(retryAfterSeconds);

/**
 * Idempotency keys in Redis, one string per (operation, caller, key) that expires by itself
 * after `ttlMs` (no collection to sweep). Keys are the caller's own: two API keys that both
 * send `order-1` get two notifications, not one refused or answered with the other's. The
 * caller and the client's key are hashed into the Redis key, so any printable key is safe
 * and the length is fixed.
 */
export function idempotencyStore(redis: Redis, options: { prefix: string; ttlMs: number }) {
  const redisKey = (operation: IdempotentOperation, caller: string, key: string) => {
    const scoped = createHash('sha256').update(caller).update('\n').update(key).digest('hex');
    return `${options.prefix}:idempotency:${operation}:${scoped}`;
  };

  /** Sets the key unless it exists; returns what an earlier request left there, if any. */
  const claim = async (key: string, record: KeyRecord, ttlMs: number) => {
    const existing = (await redis.eval(CLAIM, 1, key, JSON.stringify(record), ttlMs)) as
      string | null;
    return existing === null ? null : (JSON.parse(existing) as KeyRecord);
  };
  const answer = (record: KeyRecord, found: KeyRecord | null): Binding =>
    !found
      ? { kind: 'new', resourceId: record.resourceId }
      : found.requestHash === record.requestHash
        ? { kind: 'replay', resourceId: found.resourceId }
        : { kind: 'conflict' };

  return {
    /**
     * For an operation that its id makes safe to repeat (a notification is inserted under
     * it): the key is bound to the id at once, for the whole TTL. A repeat, even while the
     * first is still running or after it failed with 503, carries on under the same id.
     */
    async bind(
      operation: IdempotentOperation,
      caller: string,
      key: string,
      hash: string,
      resourceId: string,
    ): Promise<Binding> {
      const record: KeyRecord = { state: 'done', requestHash: hash, resourceId };
      return answer(record, await claim(redisKey(operation, caller, key), record, options.ttlMs));
    },

    /**
     * For an operation that cannot simply be repeated (a campaign upload): the key is held
     * while it runs, and settled by the caller with `complete` or `release`.
     */
    async hold(
      operation: IdempotentOperation,
      caller: string,
      key: string,
      hash: string,
      resourceId: string,
      log: Logger,
    ): Promise<Hold | Exclude<Binding, { kind: 'new' }> | { kind: 'in_flight' }> {
      const target = redisKey(operation, caller, key);
      const record: KeyRecord = { state: 'held', requestHash: hash, resourceId };
      // The holder's writes compare the whole value: a holder whose lease ran out and was
      // taken over by another request cannot renew, complete or release that one's key.
      const held = JSON.stringify(record);
      const found = await claim(target, record, HOLD_LEASE_MS);
      if (found?.state === 'held' && found.requestHash === hash) return { kind: 'in_flight' };
      const claimed = answer(record, found);
      if (claimed.kind !== 'new') return claimed;
      const renew = setInterval(() => {
        redis
          .eval(RENEW, 1, target, held, HOLD_LEASE_MS)
          .catch((error: unknown) => log.warn({ err: error }, 'idempotency hold not renewed'));
      }, HOLD_LEASE_MS / 3).unref();
      // Settling never fails the request: a key left held simply expires with its lease.
      const settle = (script: string, args: (string | number)[], what: string) => {
        clearInterval(renew);
        return redis.eval(script, 1, target, held, ...args).then(
          () => undefined,
          (error: unknown) => log.warn({ err: error }, `idempotency key not ${what}`),
        );
      };
      const done = JSON.stringify({ ...record, state: 'done' });
      return {
        kind: 'new',
        resourceId,
        complete: () => settle(COMPLETE, [options.ttlMs, done], 'completed'),
        release: () => settle(RELEASE, [], 'released'),
      };
    },
  };
}
export type IdempotencyStore = ReturnType<typeof idempotencyStore>;
