import {
  CampaignAbortedError,
  CampaignNotFoundError,
  CampaignStateError,
  IdempotencyKeyInFlightError,
  IdempotencyKeyReusedError,
  NotificationNotFoundError,
  NotReplayableError,
  QueueUnavailableError,
} from '@notify/shared/ledger';
import { HttpError } from './http-error';

/**
 * The one place a domain error becomes an HTTP answer. An error not listed here is not the
 * client's: the error handler answers it 503 when a dependency is away, else 500.
 */
export function httpErrorFor(error: unknown, retryAfterSeconds: number): HttpError | null {
  const retryLater = { 'Retry-After': String(retryAfterSeconds) };
  if (error instanceof NotificationNotFoundError)
    return new HttpError(404, 'not_found', 'Notification not found');
  if (error instanceof NotReplayableError) return new HttpError(409, 'not_failed', error.message);
  if (error instanceof CampaignAbortedError)
    return new HttpError(409, 'campaign_aborted', error.message);
  if (error instanceof CampaignNotFoundError)
    return new HttpError(404, 'not_found', 'Campaign not found');
  if (error instanceof CampaignStateError)
    return new HttpError(409, 'campaign_state', error.message);
  if (error instanceof IdempotencyKeyReusedError)
    return new HttpError(422, 'idempotency_key_reused', error.message);
  if (error instanceof IdempotencyKeyInFlightError) {
    return new HttpError(409, 'idempotency_key_in_flight', error.message, undefined, {
      'Retry-After': String(error.retryAfterSeconds),
    });
  }
  if (error instanceof QueueUnavailableError)
    return new HttpError(503, 'service_unavailable', error.message, undefined, retryLater);
  return null;
}
