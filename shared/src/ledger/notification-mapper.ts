import type { NotificationSummary, NotificationView } from '../notifications/notification-view';
import type { NotificationRecord } from './notification-model';

type StoredNotification = Omit<NotificationRecord, 'attempts'> & {
  attempts?: NotificationRecord['attempts'];
};

/** Stored document → the public row (snake_case, ISO dates, no internals such as leases). */
export function toSummary(doc: StoredNotification): NotificationSummary {
  return {
    id: doc._id,
    type: doc.type,
    recipient: doc.recipient,
    campaign_id: doc.campaignId,
    status: doc.status,
    attempt_count: doc.attemptCount,
    last_error: doc.lastError ?? null,
    created_at: new Date(doc.createdAt).toISOString(),
    updated_at: new Date(doc.updatedAt).toISOString(),
  };
}

export function toView(doc: NotificationRecord): NotificationView {
  return {
    ...toSummary(doc),
    subject: doc.subject ?? null,
    message: doc.message,
    provider: doc.provider,
    delivered_by: doc.deliveredBy ?? null,
    sent_at: doc.sentAt ? new Date(doc.sentAt).toISOString() : null,
    attempts: doc.attempts.map((attempt) => ({
      number: attempt.number,
      at: new Date(attempt.at).toISOString(),
      outcome: attempt.outcome,
      http_status: attempt.httpStatus ?? null,
      latency_ms: attempt.latencyMs,
      error: attempt.error ?? null,
      provider: attempt.provider ?? null,
      response_body: attempt.responseBody ?? null,
    })),
    replays: doc.replays.map((replay) => ({
      at: new Date(replay.at).toISOString(),
      by: replay.by,
    })),
    next_attempt:
      doc.status === 'retrying' && doc.nextAttempt
        ? {
            at: new Date(doc.nextAttempt.at).toISOString(),
            reason: doc.nextAttempt.reason,
            provider: doc.nextAttempt.provider ?? null,
            retry_after_ms: doc.nextAttempt.retryAfterMs ?? null,
          }
        : null,
  };
}
