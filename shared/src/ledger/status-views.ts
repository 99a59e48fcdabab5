import type { Redis } from 'ioredis';
import {
  CHANNELS,
  NOTIFICATION_STATUSES,
  type Channel,
  type NotificationStatus,
} from '../notifications/notification-status';
import { isUnfinished } from './lifecycle';
import { ledgerKeyPrefix } from './ledger-keys';

/** What a view needs to know of a notification to file it. */
export interface Filed {
  _id: string;
  type: Channel;
  campaignId: string;
  status: NotificationStatus;
  /** The last change: the "updated" sets' score (now, when unknown). */
  updatedAt?: Date | string | null;
  /** Set on a campaign's rows (see `recentSent`). */
  tokenNonce?: string | null;
  sentAt?: Date | null;
}

/**
 * Moves one id into the sets of its new status and out of every other status's sets, in one
 * script: repeating it changes nothing, so a crash between MongoDB and here is repaired by
 * simply filing the stored document again. KEYS, n of each (in NOTIFICATION_STATUSES order):
 * status sets, type sets, campaign sets, "updated" sets, "updated" type sets; then the
 * "touched" set. ARGV: id, the new status's position (1-n), the touch time ("" for a final
 * status), the last change (ms, the "updated" sets' score).
 */
const FILE_SCRIPT = `
local id, at, touched, updated = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local n = (#KEYS - 1) / 5
for i = 1, n do
  if i == at then
    redis.call('ZADD', KEYS[i], 0, id)
    redis.call('ZADD', KEYS[i + n], 0, id)
    redis.call('ZADD', KEYS[i + 2 * n], 0, id)
    redis.call('ZADD', KEYS[i + 3 * n], updated, id)
    redis.call('ZADD', KEYS[i + 4 * n], updated, id)
  else
    for g = 0, 4 do redis.call('ZREM', KEYS[i + g * n], id) end
  end
end
if touched == '' then redis.call('ZREM', KEYS[#KEYS], id) else redis.call('ZADD', KEYS[#KEYS], touched, id) end
return 1`;

/**
 * A campaign's send rate is read from its sends of the last minutes, scored by when each was
 * sent; older entries are trimmed on every add, so the set holds at most this window's sends.
 * Ten minutes: twice the longest window the api reads (5 min), so a late filing still counts.
 */
const RECENT_SENT_KEEP_MS = 10 * 60_000;

/** A WITHSCORES reply as [member, score] pairs. */
const scored = (flat: string[]): [string, number][] => {
  const pairs: [string, number][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([String(flat[i]), Number(flat[i + 1])]);
  return pairs;
};

type FilingRedis = Redis & {
  fileNotification(...args: (string | number)[]): Promise<number>;
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
  const base = `${ledgerKeyPrefix(queuePrefix)}:view`;
  const statusKey = (status: NotificationStatus) => `${base}:s:${status}`;
  const typeKey = (type: Channel, status: NotificationStatus) => `${base}:t:${type}:${status}`;
  const campaignKey = (campaignId: string, status: NotificationStatus) =>
    `${base}:c:${campaignId}:${status}`;
  /** By last change: scored by updatedAt (ms), for "most recently updated first". */
  const updatedKey = (status: NotificationStatus) => `${base}:u:${status}`;
  const updatedTypeKey = (type: Channel, status: NotificationStatus) =>
    `${base}:ut:${type}:${status}`;
  const touchedKey = `${base}:touched`;
  const recentSentKey = (campaignId: string) => `${base}:c:${campaignId}:recent-sent`;
  if (!(redis as unknown as Partial<FilingRedis>).fileNotification) {
    redis.defineCommand('fileNotification', {
      numberOfKeys: 5 * NOTIFICATION_STATUSES.length + 1,
      lua: FILE_SCRIPT,
    });
  }

  const fileArgs = (doc: Filed, now: number) => [
    ...NOTIFICATION_STATUSES.map(statusKey),
    ...NOTIFICATION_STATUSES.map((status) => typeKey(doc.type, status)),
    ...NOTIFICATION_STATUSES.map((status) => campaignKey(doc.campaignId, status)),
    ...NOTIFICATION_STATUSES.map(updatedKey),
    ...NOTIFICATION_STATUSES.map((status) => updatedTypeKey(doc.type, status)),
    touchedKey,
    doc._id,
    NOTIFICATION_STATUSES.indexOf(doc.status) + 1,
    isUnfinished(doc.status) ? now : '',
    doc.updatedAt ? new Date(doc.updatedAt).getTime() : now,
  ];

  return {
    statusKey,
    typeKey,
    campaignKey,
    updatedKey,
    updatedTypeKey,

    /** Files each document under its current status, in one round trip. */
    async file(docs: readonly Filed[], now = Date.now()): Promise<void> {
      if (docs.length === 0) return;
      const pipeline = redis.pipeline() as ReturnType<Redis['pipeline']> & {
        fileNotification(...args: (string | number)[]): unknown;
      };
      for (const doc of docs) {
        pipeline.fileNotification(...fileArgs(doc, now));
        // Only a campaign's rows (they carry a token nonce): a one-off send's campaign id is
        // its own, and a set per one-off send would only cost memory.
        if (doc.status === 'sent' && doc.tokenNonce && doc.sentAt) {
          const key = recentSentKey(doc.campaignId);
          const at = new Date(doc.sentAt).getTime();
          pipeline.zadd(key, at, doc._id);
          pipeline.zremrangebyscore(key, '-inf', at - RECENT_SENT_KEEP_MS);
          pipeline.pexpire(key, RECENT_SENT_KEEP_MS);
        }
      }
      for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
    },

    /** Per campaign, how many of its rows were sent since `since` (ms): O(log n) each. */
    async recentSent(campaignIds: readonly string[], since: number) {
      const pipeline = redis.pipeline();
      for (const id of campaignIds) pipeline.zcount(recentSentKey(id), since, '+inf');
      const values = ((await pipeline.exec()) ?? []).map(([error, value]) => {
        if (error) throw error;
        return Number(value);
      });
      return new Map(campaignIds.map((id, i) => [id, values[i] ?? 0]));
    },

    /** Counts per status and per type, and the total: eighteen ZCARDs in one round trip. */
    async counts() {
      const pipeline = redis.pipeline();
      for (const status of NOTIFICATION_STATUSES) pipeline.zcard(statusKey(status));
      for (const type of CHANNELS)
        for (const status of NOTIFICATION_STATUSES) pipeline.zcard(typeKey(type, status));
      const values = ((await pipeline.exec()) ?? []).map(([error, value]) => {
        if (error) throw error;
        return Number(value);
      });
      const byStatus = Object.fromEntries(
        NOTIFICATION_STATUSES.map((status, i) => [status, values[i] ?? 0]),
      ) as Record<NotificationStatus, number>;
      const byType = Object.fromEntries(
        CHANNELS.map((type, t) => {
          const start = NOTIFICATION_STATUSES.length * (t + 1);
          const slice = values.slice(start, start + NOTIFICATION_STATUSES.length);
          return [type, slice.reduce((sum, n) => sum + n, 0)];
        }),
      ) as Record<Channel, number>;
      const total = Object.values(byStatus).reduce((sum, n) => sum + n, 0);
      return { total, byStatus, byType };
    },

    /** Per campaign, its count in each status. */
    async campaignCounts(campaignIds: readonly string[]) {
      const pipeline = redis.pipeline();
      for (const id of campaignIds)
        for (const status of NOTIFICATION_STATUSES) pipeline.zcard(campaignKey(id, status));
      const values = ((await pipeline.exec()) ?? []).map(([error, value]) => {
        if (error) throw error;
        return Number(value);
      });
      return new Map(
        campaignIds.map((id, c) => [
          id,
          Object.fromEntries(
            NOTIFICATION_STATUSES.map((status, s) => [
              status,
              values[c * NOTIFICATION_STATUSES.length + s] ?? 0,
            ]),
          ) as Record<NotificationStatus, number>,
        ]),
      );
    },

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
