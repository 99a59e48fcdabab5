import { z } from 'zod';
import {
  attemptOutcomeSchema,
  channelSchema,
  NOTIFICATION_STATUSES,
  notificationStatusSchema,
} from './notification-status';

export const attemptViewSchema = z.object({
  number: z.number().int().positive(),
  at: z.iso.datetime(),
  outcome: attemptOutcomeSchema,
  http_status: z.number().int().nullable(),
  latency_ms: z.number().int().nonnegative(),
  error: z.string().nullable(),
  /** The provider this attempt called; null (or absent) on attempts from before routing. */
  provider: z.string().nullable().optional(),
});
export type AttemptView = z.infer<typeof attemptViewSchema>;

/** The row the list endpoint, the live events and the dashboard table share. */
export const notificationSummarySchema = z.object({
  id: z.string(),
  type: channelSchema,
  recipient: z.string(),
  campaign_id: z.string(),
  status: notificationStatusSchema,
  attempt_count: z.number().int().nonnegative(),
  last_error: z.string().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type NotificationSummary = z.infer<typeof notificationSummarySchema>;

export const replayViewSchema = z.object({ at: z.iso.datetime(), by: z.string() });

export const notificationViewSchema = notificationSummarySchema.extend({
  subject: z.string().nullable(),
  message: z.string(),
  /** The routing target chosen at intake; a failover may deliver through another. */
  provider: z.string(),
  /** The provider that delivered it; null until sent. */
  delivered_by: z.string().nullable(),
  sent_at: z.iso.datetime().nullable(),
  attempts: z.array(attemptViewSchema),
  replays: z.array(replayViewSchema),
});
export type NotificationView = z.infer<typeof notificationViewSchema>;

/** Cursor pagination: the cursor is the last id of the previous page (ids sort by time). */
export const LIST_LIMIT_MAX = 200;
export const listNotificationsQuerySchema = z.strictObject({
  type: channelSchema.optional(),
  status: notificationStatusSchema.optional(),
  campaign_id: z.uuid({ message: 'must be a UUID' }).optional(),
  recipient: z.string().trim().min(1).max(320).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(LIST_LIMIT_MAX).default(50),
});
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuerySchema>;

export const notificationPageSchema = z.object({
  items: z.array(notificationSummarySchema),
  next_cursor: z.string().nullable(),
});
export type NotificationPage = z.infer<typeof notificationPageSchema>;

export const statsSchema = z.object({
  total: z.number().int().nonnegative(),
  by_status: z.record(z.enum(NOTIFICATION_STATUSES), z.number().int().nonnegative()),
  by_type: z.record(channelSchema, z.number().int().nonnegative()),
});
export type Stats = z.infer<typeof statsSchema>;

/** POST /api/v1/notifications/retry: replays the dead letters matching a filter. */
export const BULK_REPLAY_MAX = 10_000;
export const bulkReplaySchema = z.strictObject({
  type: channelSchema.optional(),
  campaign_id: z.uuid({ message: 'must be a UUID' }).optional(),
  recipient: z.string().trim().min(1).max(320).optional(),
  limit: z.number().int().min(1).max(BULK_REPLAY_MAX).default(1000),
});
export type BulkReplayRequest = z.infer<typeof bulkReplaySchema>;
export const bulkReplayResultSchema = z.object({
  /** Queued again. */
  replayed: z.number().int().nonnegative(),
  /** Matched but left failed: their campaign was aborted, so they must not go out. */
  skipped_aborted: z.number().int().nonnegative(),
});
export type BulkReplayResult = z.infer<typeof bulkReplayResultSchema>;
