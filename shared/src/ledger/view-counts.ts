import type { Redis } from 'ioredis';
import {
  CHANNELS,
  NOTIFICATION_STATUSES,
  type Channel,
  type NotificationStatus,
} from '../notifications/notification-status';
import type { ViewKeys } from './view-keys';

/** Counts are the views' sizes: ZCARDs (and one ZCOUNT) pipelined, O(1) each. */
export function viewCounts(redis: Redis, keys: ViewKeys) {
  const { statusKey, typeKey, campaignKey, recentSentKey } = keys;
  return {
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
  };
}
