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
  toSummary,
  type NotificationModel,
  type PublishStatus,
} from '@notify/shared/store';
import { HttpError } from '../http/http-error';
import { requestHash, type IdempotencyStore } from './idempotency-store';

export interface AcceptDeps {
  notifications: NotificationModel;
  idempotency: IdempotencyStore;
  redis: Redis;
  queueFor: (provider: string) => Queue;
  providerFor: (channel: Channel) => string;
  retryAfterSeconds: number;
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
 */
export async function acceptNotification(
  deps: AcceptDeps,
  request: CreateNotificationRequest,
  idempotencyKey: string | undefined,
  log: Logger,
): Promise<Acceptance> {
  // Checked first so that while Redis is away nothing is stored that a client will resend.
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
  let id = uuidv7();
  if (idempotencyKey) {
    const reservation = await deps.idempotency.reserve(idempotencyKey, requestHash(request), id);
    if (reservation.kind === 'conflict') {
      throw new HttpError(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was used with a different request body',
      );
    }
    id = reservation.notificationId;
    if (reservation.kind === 'replay' && (await deps.notifications.exists({ _id: id }))) {
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
    await deps.notifications.insertMany([record], { lean: true });
    deps.publish({ kind: 'notification.status', notification: toSummary(record) });
  } catch (error) {
    // Only an idempotent replay can collide on _id: its first try stored it and then died.
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
