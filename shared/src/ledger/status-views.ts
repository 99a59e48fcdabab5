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
}

/**
 * Moves one id into the sets of its new status and out of every other status's sets, in one
 * script: repeating it changes nothing, so a crash between MongoDB and here is repaired by
 * simply filing the stored document again. KEYS: 5 status sets, 5 type sets, 5 campaign sets
 * (in NOTIFICATION_STATUSES order), then the "touched" set. ARGV: id, the new status's
 * position (1-5), the touch time ("" for a final status).
 */
const FILE_SCRIPT = `
local id, at, touched = ARGV[1], tonumber(ARGV[2]), ARGV[3]
for i = 1, 5 do
  if i == at then
    redis.call('ZADD', KEYS[i], 0, id)
    redis.call('ZADD', KEYS[i + 5], 0, id)
    redis.call('ZADD', KEYS[i + 10], 0, id)
  else
    redis.call('ZREM', KEYS[i], id)
    redis.call('ZREM', KEYS[i + 5], id)
    redis.call('ZREM', KEYS[i + 10], id)
  end
end
if touched == '' then redis.call('ZREM', KEYS[16], id) else redis.call('ZADD', KEYS[16], touched, id) end
return 1`;

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
 * The "touched" set scores each unfinished id by its last change, for the reconciler.
 * Memory: three set entries per notification, about 300 bytes (300 MB per million).
 */
export function statusViews(redis: Redis, queuePrefix: string) {
  const base = `${ledgerKeyPrefix(queuePrefix)}:view`;
  const statusKey = (status: NotificationStatus) => `${base}:s:${status}`;
  const typeKey = (type: Channel, status: NotificationStatus) => `${base}:t:${type}:${status}`;
  const campaignKey = (campaignId: string, status: NotificationStatus) =>
    `${base}:c:${campaignId}:${status}`;
  const touchedKey = `${base}:touched`;
  if (!(redis as unknown as Partial<FilingRedis>).fileNotification) {
    redis.defineCommand('fileNotification', { numberOfKeys: 16, lua: FILE_SCRIPT });
  }

  const fileArgs = (doc: Filed, now: number) => [
    ...NOTIFICATION_STATUSES.map(statusKey),
    ...NOTIFICATION_STATUSES.map((status) => typeKey(doc.type, status)),
    ...NOTIFICATION_STATUSES.map((status) => campaignKey(doc.campaignId, status)),
    touchedKey,
    doc._id,
    NOTIFICATION_STATUSES.indexOf(doc.status) + 1,
    isUnfinished(doc.status) ? now : '',
  ];

  return {
    statusKey,
    typeKey,
    campaignKey,

    /** Files each document under its current status, in one round trip. */
    async file(docs: readonly Filed[], now = Date.now()): Promise<void> {
      if (docs.length === 0) return;
      const pipeline = redis.pipeline() as ReturnType<Redis['pipeline']> & {
        fileNotification(...args: (string | number)[]): unknown;
      };
      for (const doc of docs) pipeline.fileNotification(...fileArgs(doc, now));
      for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
    },

    /** Counts per status and per type, and the total: fifteen ZCARDs in one round trip. */
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

    /** Up to `limit` ids of one set, newest first, below `before`: O(log n + limit). */
    newest: (key: string, limit: number, before?: string) =>
      redis.zrevrangebylex(key, before ? `(${before}` : '+', '-', 'LIMIT', 0, limit),

    /** Up to `limit` ids of one set, oldest first, above `after`. */
    oldest: (key: string, limit: number, after?: string) =>
      redis.zrangebylex(key, after ? `(${after}` : '-', '+', 'LIMIT', 0, limit),

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
