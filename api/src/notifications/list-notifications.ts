import type { QueryFilter } from 'mongoose';
import type { ListNotificationsQuery, NotificationPage, Stats } from '@notify/shared';
import {
  CHANNELS,
  NOTIFICATION_STATUSES,
  type Channel,
  type NotificationStatus,
} from '@notify/shared';
import { recipientMatch } from './recipient-match';
import { toSummary, type NotificationModel, type NotificationRecord } from '@notify/shared/store';

/** Newest first; the cursor is the last id of the previous page (UUIDv7 ids sort by time). */
export async function listNotifications(
  notifications: NotificationModel,
  query: ListNotificationsQuery,
): Promise<NotificationPage> {
  const filter: QueryFilter<NotificationRecord> = {};
  if (query.type) filter.type = query.type;
  if (query.status) filter.status = query.status;
  if (query.campaign_id) filter.campaignId = query.campaign_id;
  if (query.recipient) filter.recipient = recipientMatch(query.recipient);
  if (query.cursor) filter._id = { $lt: query.cursor };

  const rows = await notifications
    .find(filter, { attempts: 0, message: 0 })
    .sort({ _id: -1 })
    .limit(query.limit + 1)
    .lean<NotificationRecord[]>();
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(toSummary),
    next_cursor: rows.length > query.limit ? (page.at(-1)?._id ?? null) : null,
  };
}

export async function notificationStats(notifications: NotificationModel): Promise<Stats> {
  const groups = await notifications.aggregate<{
    _id: { status: NotificationStatus; type: Channel };
    count: number;
  }>([{ $group: { _id: { status: '$status', type: '$type' }, count: { $sum: 1 } } }]);
  const byStatus = Object.fromEntries(
    NOTIFICATION_STATUSES.map((s) => [s, 0]),
  ) as Stats['by_status'];
  const byType = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Stats['by_type'];
  let total = 0;
  for (const group of groups) {
    byStatus[group._id.status] += group.count;
    byType[group._id.type] += group.count;
    total += group.count;
  }
  return { total, by_status: byStatus, by_type: byType };
}
