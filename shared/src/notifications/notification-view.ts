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
  /**
   * What the provider answered, as text, cut to RESPONSE_BODY_MAX characters (null when it
   * sent no body, absent on attempts recorded before bodies were kept).
   */
  response_body: z.string().nullable().optional(),
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

/** Why a `retrying` notification waits, as the processor classified it. */
export const RETRY_REASONS = [
  'rate_limited',
  'transient_error',
  'breaker_open',
  'campaign_importing',
  'campaign_paused',
] as const;
export const retryReasonSchema = z.enum(RETRY_REASONS);
export type RetryReason = z.infer<typeof retryReasonSchema>;

/** When a `retrying` notification is due again, and why it waits. */
export const nextAttemptViewSchema = z.object({
  at: z.iso.datetime(),
  reason: retryReasonSchema,
  /** The provider it waits for. */
  provider: z.string().nullable(),
  /** The provider's own hint (Retry-After) when it gave one, in ms. */
  retry_after_ms: z.number().int().nonnegative().nullable(),
});
export type NextAttemptView = z.infer<typeof nextAttemptViewSchema>;

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
  /** Set while `retrying`: when the next attempt is due and why; null otherwise. */
  next_attempt: nextAttemptViewSchema.nullable().optional(),
});
export type NotificationView = z.infer<typeof notificationViewSchema>;

/** Cursor pagination: the cursor is the last id of the previous page (ids sort by time). */
export const LIST_LIMIT_MAX = 200;
/** `created` (the default): newest created first. `updated`: most recently changed first. */
export const LIST_SORTS = ['created', 'updated'] as const;
export const listSortSchema = z.enum(LIST_SORTS);
export type ListSort = z.infer<typeof listSortSchema>;
const rangeBound = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time, like 2025-01-31T14:00:00Z' })
  .optional();
export const listNotificationsQuerySchema = z
  .strictObject({
    type: channelSchema.optional(),
    status: notificationStatusSchema.optional(),
    campaign_id: z.uuid({ message: 'must be a UUID' }).optional(),
    recipient: z.string().trim().min(1).max(320).optional(),
    /** Created at or after this time (inclusive). */
    created_after: rangeBound,
    /** Created before this time (exclusive). */
    created_before: rangeBound,
    sort: listSortSchema.default('created'),
    cursor: z.string().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(LIST_LIMIT_MAX).default(50),
  })
  .superRefine((query, ctx) => {
    if (
      query.created_after &&
      query.created_before &&
      Date.parse(query.created_after) >= Date.parse(query.created_before)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['created_before'],
        message: 'must be later than created_after',
      });
    }
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
  created_after: rangeBound,
  created_before: rangeBound,
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
