import type { Redis } from 'ioredis';
import {
  NOTIFICATION_STATUSES,
  type Channel,
  type NotificationStatus,
} from '../notifications/notification-status';
import { isUnfinished } from './lifecycle';
import type { ViewKeys } from './view-keys';

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

type FilingRedis = Redis & {
  fileNotification(...args: (string | number)[]): Promise<number>;
};

/** Filing: one idempotent script per notification, a pipeline per batch. */
export function viewFiling(redis: Redis, keys: ViewKeys) {
  const { statusKey, typeKey, campaignKey, updatedKey, updatedTypeKey, touchedKey } = keys;
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
          const key = keys.recentSentKey(doc.campaignId);
          const at = new Date(doc.sentAt).getTime();
          pipeline.zadd(key, at, doc._id);
          pipeline.zremrangebyscore(key, '-inf', at - RECENT_SENT_KEEP_MS);
          pipeline.pexpire(key, RECENT_SENT_KEEP_MS);
        }
      }
      for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
    },
  };
}
