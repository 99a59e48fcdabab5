import type { Redis } from 'ioredis';
import { viewCounts } from './view-counts';
import { viewFiling } from './view-filing';
import { viewKeys } from './view-keys';

export type { Filed } from './view-filing';

/** A WITHSCORES reply as [member, score] pairs. */
const scored = (flat: string[]): [string, number][] => {
  const pairs: [string, number][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([String(flat[i]), Number(flat[i + 1])]);
  return pairs;
};

/**
 * The views operators watch, kept in Redis next to the queue, addressed by key: one sorted
 * set of ids per status, per (type, status) and per (campaign, status). Every member has
 * score 0, so a set orders by id, and UUIDv7 ids order by creation time: "newest first"
 * is a reverse range by id, a page is a range below the cursor, and a count is ZCARD. Each
 * costs O(log n) or O(1) whatever is stored — where MongoDB would need an index per shape,
 * and the embedded store (FerretDB, which only pushes down exact `_id` filters) would scan.
 * The "touched" set scores each unfinished id by its last change, for the reconciler. Two
 * more sets per status (and per type and status) score ids by their last change instead, so
 * "most recently updated first" is a reverse range by score, as cheap, and exact.
 * Memory: five set entries per notification, about 500 bytes (500 MB per million).
 */
export function statusViews(redis: Redis, queuePrefix: string) {
  const keys = viewKeys(queuePrefix);
  const { touchedKey } = keys;
  return {
    ...keys,
    ...viewFiling(redis, keys),
    ...viewCounts(redis, keys),

    /**
     * Up to `limit` ids of one set, newest first, below `before` and from `atLeast` on (an id
     * or the start of one: see created-range.ts): O(log n + limit).
     */
    newest: (key: string, limit: number, before?: string, atLeast?: string) =>
      redis.zrevrangebylex(
        key,
        before ? `(${before}` : '+',
        atLeast ? `[${atLeast}` : '-',
        'LIMIT',
        0,
        limit,
      ),

    /** Up to `limit` ids of one set, oldest first, above `after` and below `below`. */
    oldest: (key: string, limit: number, after?: string, below?: string) =>
      redis.zrangebylex(
        key,
        after ? `(${after}` : '-',
        below ? `(${below}` : '+',
        'LIMIT',
        0,
        limit,
      ),

    /**
     * Up to `limit` [id, updated ms] of one "updated" set, latest change first, from `max`
     * (ms, inclusive) down: O(log n + limit). Ties at `max` are the caller's to skip.
     */
    latest: (key: string, limit: number, max?: number) =>
      redis
        .zrevrangebyscore(key, max ?? '+inf', '-inf', 'WITHSCORES', 'LIMIT', 0, limit)
        .then(scored),

    /** Every [id, ms] of one "updated" set changed in millisecond `ms`, highest id first. */
    latestAt: (key: string, ms: number) =>
      redis.zrevrangebyscore(key, ms, ms, 'WITHSCORES').then(scored),

    /** Unfinished ids untouched since `before` (ms), oldest first. */
    stale: (before: number, limit: number) =>
      redis.zrangebyscore(touchedKey, '-inf', before, 'LIMIT', 0, limit),

    /** Drops ids from the touched set (never stored: their insert failed). */
    untouch: (ids: readonly string[]) =>
      ids.length === 0 ? Promise.resolve(0) : redis.zrem(touchedKey, ...ids),

    /** Marks an id as looked at now, so the reconciler leaves it alone for a while. */
    touch: (ids: readonly string[], now = Date.now()) =>
      ids.length === 0
        ? Promise.resolve(0)
        : redis.zadd(touchedKey, ...ids.flatMap((id) => [now, id])),
  };
}

export type StatusViews = ReturnType<typeof statusViews>;
