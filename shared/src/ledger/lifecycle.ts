import type { NotificationStatus } from '../notifications/notification-status';
import { InvalidTransitionError } from './ledger-errors';

/**
 * The state machine, in one place:
 *   queued → processing → (retrying → processing)* → sent | failed
 *   queued | retrying → failed   (its campaign was aborted, or the queue gave up on it)
 *   processing → retrying        (handed back untouched: breaker open, campaign still importing)
 *   failed → queued              (an operator's replay)
 *   queued | retrying → cancelled (its campaign was cancelled; under the delivery lease)
 *   processing → cancelled       (the worker holding the claim hands it back unsent, never
 *                                 after the provider call: sent and cancelled never both)
 * `sent` and `cancelled` are final; `failed` is final until a replay.
 */
const ALLOWED: Record<NotificationStatus, readonly NotificationStatus[]> = {
  queued: ['processing', 'failed', 'cancelled'],
  processing: ['retrying', 'sent', 'failed', 'cancelled'],
  retrying: ['processing', 'failed', 'cancelled'],
  sent: [],
  failed: ['queued'],
  cancelled: [],
};

/** Still owed a delivery: the reconciler watches these, the dashboard calls them in flight. */
export const UNFINISHED_STATUSES: readonly NotificationStatus[] = [
  'queued',
  'processing',
  'retrying',
];

export const isUnfinished = (status: NotificationStatus): boolean =>
  UNFINISHED_STATUSES.includes(status);

/**
 * Throws unless the move is allowed. Staying put is allowed (a re-recorded answer after a
 * crash writes the same status again), so every write of the ledger is safe to repeat.
 */
export function assertTransition(from: NotificationStatus, to: NotificationStatus): void {
  if (from !== to && !ALLOWED[from].includes(to)) throw new InvalidTransitionError(from, to);
}
