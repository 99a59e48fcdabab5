import { Schema, type Connection } from 'mongoose';
import {
  ATTEMPT_OUTCOMES,
  CHANNELS,
  NOTIFICATION_STATUSES,
  type AttemptOutcome,
  type Channel,
  type NotificationStatus,
} from '../notifications/notification-status';
import { RETRY_REASONS, type RetryReason } from '../notifications/notification-view';

export interface AttemptRecord {
  number: number;
  at: Date;
  outcome: AttemptOutcome;
  httpStatus: number | null;
  latencyMs: number;
  error: string | null;
  /** The provider called; null on attempts recorded before routing existed. */
  provider?: string | null;
  /** The provider's answer as text, cut short (see the processor's response-body.ts). */
  responseBody?: string | null;
}

/** While `retrying`: when it is due again and why (shown to operators, never acted on). */
export interface NextAttemptRecord {
  at: Date;
  reason: RetryReason;
  provider: string | null;
  /** The provider's Retry-After hint, when it gave one. */
  retryAfterMs: number | null;
}

export interface ReplayRecord {
  at: Date;
  by: string;
}

/**
 * One document per notification; the delivery history is embedded because it is small,
 * always read with the notification, and written by one worker at a time.
 * The fields marked "room" are unused today and keep later features migration-free.
 */
export interface NotificationRecord {
  _id: string;
  type: Channel;
  recipient: string;
  message: string;
  /** E-mail subject; null for SMS and for e-mails posted without one. */
  subject: string | null;
  campaignId: string;
  /**
   * The routing target chosen at intake (the chain's first, or round-robin's turn); never
   * changed afterwards. Where it is now is `routedTo`, who delivered it `deliveredBy`.
   */
  provider: string;
  /** The provider it was moved to by a failover; null while it is still at `provider`. */
  routedTo?: string | null;
  /** Failovers so far: part of each moved job's id, so every move queues a new job. */
  failovers?: number;
  /** The provider that answered the successful send; null until sent. */
  deliveredBy?: string | null;
  status: NotificationStatus;
  /**
   * Campaign registration tokens: the random nonce the token is derived from (useless without
   * the processor's secret), and the token's SHA-256 once sent. The token itself is never stored.
   */
  tokenNonce: string | null;
  tokenHash: string | null;
  attempts: AttemptRecord[];
  attemptCount: number;
  lastError: string | null;
  /** Set with each move to `retrying`, cleared by the next transition; absent on older ones. */
  nextAttempt?: NextAttemptRecord | null;
  /** Until when a worker owns the notification; a second worker waits past it. */
  leaseUntil: Date | null;
  sentAt: Date | null;
  failedAt: Date | null;
  replays: ReplayRecord[];
  /** room: scheduled sends */
  scheduledAt: Date | null;
  /** room: per-key ordering */
  orderingKey: string | null;
  /** room: priorities (BullMQ priority, 0 = default) */
  priority: number;
  createdAt: Date;
  updatedAt: Date;
}

const attemptSchema = new Schema<AttemptRecord>(
  {
    number: { type: Number, required: true },
    at: { type: Date, required: true },
    outcome: { type: String, enum: ATTEMPT_OUTCOMES, required: true },
    httpStatus: { type: Number, default: null },
    latencyMs: { type: Number, required: true },
    error: { type: String, default: null },
    provider: { type: String, default: null },
    responseBody: { type: String, default: null },
  },
  { _id: false },
);

const nextAttemptSchema = new Schema<NextAttemptRecord>(
  {
    at: { type: Date, required: true },
    reason: { type: String, enum: RETRY_REASONS, required: true },
    provider: { type: String, default: null },
    retryAfterMs: { type: Number, default: null },
  },
  { _id: false },
);

const notificationSchema = new Schema<NotificationRecord>(
  {
    _id: { type: String, required: true },
    type: { type: String, enum: CHANNELS, required: true },
    recipient: { type: String, required: true },
    message: { type: String, required: true },
    subject: { type: String, default: null },
    campaignId: { type: String, required: true },
    provider: { type: String, required: true },
    routedTo: { type: String, default: null },
    failovers: { type: Number, default: 0 },
    deliveredBy: { type: String, default: null },
    status: { type: String, enum: NOTIFICATION_STATUSES, required: true },
    tokenNonce: { type: String, default: null },
    tokenHash: { type: String, default: null },
    attempts: { type: [attemptSchema], default: [] },
    attemptCount: { type: Number, default: 0 },
    lastError: { type: String, default: null },
    nextAttempt: { type: nextAttemptSchema, default: null },
    leaseUntil: { type: Date, default: null },
    sentAt: { type: Date, default: null },
    failedAt: { type: Date, default: null },
    replays: { type: [{ at: Date, by: String, _id: false }], default: [] },
    scheduledAt: { type: Date, default: null },
    orderingKey: { type: String, default: null },
    priority: { type: Number, default: 0 },
  },
  { timestamps: true, versionKey: false, collection: 'notifications' },
);

// No secondary index: every read and write of the ledger addresses a document by `_id`
// (the views in Redis answer "which ids": see status-views.ts), so each insert pays for one
// index only. The query-shape test (test/e2e/query-shapes.test.ts) fails if that changes.

/**
 * A new notification as stored: every field at its starting value. The intake writes this
 * with a lean insert: the request is already validated by its zod schema, and skipping
 * mongoose's document hydration is most of the cost of an insert (see docs/benchmarks.md).
 */
export function newNotification(
  fields: Pick<
    NotificationRecord,
    '_id' | 'type' | 'recipient' | 'message' | 'campaignId' | 'provider'
  > &
    Partial<Pick<NotificationRecord, 'subject' | 'tokenNonce' | 'priority'>>,
  now = new Date(),
): NotificationRecord {
  return {
    subject: null,
    tokenNonce: null,
    tokenHash: null,
    priority: 0,
    ...fields,
    status: 'queued',
    attempts: [],
    attemptCount: 0,
    lastError: null,
    leaseUntil: null,
    sentAt: null,
    failedAt: null,
    replays: [],
    scheduledAt: null,
    orderingKey: null,
    createdAt: now,
    updatedAt: now,
  };
}

// Compiling the same schema object again on a connection returns the existing model.
export const notificationModel = (connection: Connection) =>
  connection.model<NotificationRecord>('Notification', notificationSchema);

export type NotificationModel = ReturnType<typeof notificationModel>;
