import { z } from 'zod';
import { notificationSummarySchema } from '../notifications/notification-view';
import { overviewSchema } from './overview';

/**
 * Socket.IO contract between the api and the dashboard (path /socket.io).
 * Server → client only; the client asks for nothing over the socket and resynchronises
 * through the REST API on (re)connect.
 *
 * - `notifications`: rows that changed since the last push, one entry per notification
 *   (the latest state), coalesced server-side and pushed at most every 100 ms.
 * - `overview`: counters, queue depths, breaker states and throughput, every second.
 * - `resync`: no payload; the server may have missed events, so the client refetches.
 */
export const SOCKET_EVENTS = {
  notifications: 'notifications',
  overview: 'overview',
  /** The api lost its Redis subscription for a while: events may be missing, refetch. */
  resync: 'resync',
} as const;

export const notificationsPushSchema = z.object({
  items: z.array(notificationSummarySchema),
});
export type NotificationsPush = z.infer<typeof notificationsPushSchema>;

export const overviewPushSchema = overviewSchema;
export type OverviewPush = z.infer<typeof overviewPushSchema>;
