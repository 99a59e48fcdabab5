import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import {
  deliveryJobOptions,
  maskRecipient,
  type AcceptedNotification,
  type Channel,
  type CreateNotificationRequest,
} from '@notify/shared';
import {
  isDuplicateKeyError,
  newNotification,
  retryTransient,
  toSummary,
  type NotificationModel,
  type PublishStatus,
} from '@notify/shared/store';
import { HttpError } from '../http/http-error';
import { keyReused, requestHash, type IdempotencyStore } from './idempotency-store';

export interface AcceptDeps {
  notifications: NotificationModel;
  idempotency: IdempotencyStore;
  redis: Redis;
  queueFor: (provider: string) => Queue;
  providerFor: (channel: Channel) => string;
  retryAfterSeconds: number;
  /** How long a request may spend on MongoDB, retries of a busy store included. */
  storeBudgetMs: number;
  publish: PublishStatus;
  /** See FAULT_CRASH_AFTER_STORE. */
  crashAfterStore: boolean;
}

export interface Acceptance {
  body: AcceptedNotification;
  replayed: boolean;
}

/**
 * Stores the notification (the durable acceptance), then enqueues it under its own id.
 * If the process dies in between, the processor's reconciler enqueues it; if the enqueue
 * fails, the same. So once the insert succeeded the answer is 202 whatever happens next.
 * A busy or briefly unreachable store is retried within the request's budget; if it stays
 * so the answer is 503 with Retry-After (never 500), and a resend with the same
 * Idempotency-Key completes this same notification.
 */
export async function acceptNotification(
  deps: AcceptDeps,
  request: CreateNotificationRequest,
  idempotencyKey: string | undefined,
  log: Logger,
): Promise<Acceptance> {
  // Checked first so that while Redis is away nothing is stored that a client will resend
  // (its Idempotency-Key could not be checked either): a 503 before storing is honest.
  if (deps.redis.status !== 'ready') {
    throw new HttpError(
      503,
      'service_unavailable',
      'The queue is unavailable; retry later',
      undefined,
      {
        'Retry-After': String(deps.retryAfterSeconds),
      },
    );
  }
  const budget = { budgetMs: deps.storeBudgetMs };
  let id = uuidv7();
  // Only a valid request gets here (the body was parsed first), so a 4xx never takes a key.
  if (idempotencyKey) {
    // Bound to the id at once: a repeat (the first still running, or answered 503) carries
    // on under the same id, and the insert below makes that safe.
    const claim = await deps.idempotency.bind(
      'notification',
      idempotencyKey,
      requestHash(request),
      id,
    );
    if (claim.kind === 'conflict') throw keyReused();
    id = claim.resourceId;
    const stored = () => deps.notifications.exists({ _id: id });
    if (claim.kind === 'replay' && (await retryTransient(stored, budget))) {
      return { body: { id, status: 'queued' }, replayed: true };
    }
  }

  const provider = deps.providerFor(request.type);
  try {
    const record = newNotification({
      _id: id,
      type: request.type,
      recipient: request.recipient,
      message: request.message,
      subject: request.subject ?? null,
      campaignId: request.campaign_id,
      provider,
    });
    // A retry of an insert that landed after all reports a duplicate _id: handled below.
    await retryTransient(() => deps.notifications.insertMany([record], { lean: true }), budget);
    deps.publish({ kind: 'notification.status', notification: toSummary(record) });
  } catch (error) {
    // Only an idempotent replay or a retried insert can collide on _id: it is stored.
    if (!isDuplicateKeyError(error)) throw error;
  }
  if (deps.crashAfterStore) process.kill(process.pid, 'SIGKILL');
  const context = { notificationId: id, campaignId: request.campaign_id, jobId: id };
  try {
    await deps.queueFor(provider).add('deliver', { notificationId: id }, deliveryJobOptions(id));
  } catch (error) {
    log.warn({ ...context, err: error }, 'enqueue failed; the reconciler will enqueue it');
  }
  log.info(
    { ...context, type: request.type, recipient: maskRecipient(request.recipient), provider },
    'notification accepted',
  );
  return { body: { id, status: 'queued' }, replayed: false };
}
