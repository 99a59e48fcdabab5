/**
 * What the ledger refuses, as classes: the api maps each to its HTTP answer in one place
 * (api/src/http/domain-errors.ts), and nothing here knows about HTTP.
 */
export class LedgerError extends Error {
  override name = 'LedgerError';
}

export class NotificationNotFoundError extends LedgerError {
  override name = 'NotificationNotFoundError';
  constructor(readonly notificationId: string) {
    super('Notification not found');
  }
}

/** Only a dead letter may be replayed: anything else is in flight or already delivered. */
export class NotReplayableError extends LedgerError {
  override name = 'NotReplayableError';
  constructor(readonly status: string) {
    super(`Only failed notifications can be retried; this one is ${status}`);
  }
}

/** Replaying would send a message of a campaign the operator (or a failure) stopped. */
export class CampaignAbortedError extends LedgerError {
  override name = 'CampaignAbortedError';
  constructor(readonly reason: string) {
    super(`Its campaign was aborted (${reason}); replaying it would send what was stopped`);
  }
}

export class CampaignNotFoundError extends LedgerError {
  override name = 'CampaignNotFoundError';
  constructor(readonly campaignId: string) {
    super('Campaign not found');
  }
}

/**
 * Pause, resume or cancel asked of a campaign in a state that does not allow it: one still
 * importing (its upload decides), one aborted, or a cancelled one asked to go on.
 */
export class CampaignStateError extends LedgerError {
  override name = 'CampaignStateError';
  constructor(
    readonly action: 'pause' | 'resume' | 'cancel',
    readonly state: string,
  ) {
    super(
      `A campaign that is ${state} cannot be ${action === 'cancel' ? 'cancelled' : `${action}d`}`,
    );
  }
}

export class IdempotencyKeyReusedError extends LedgerError {
  override name = 'IdempotencyKeyReusedError';
  constructor() {
    super('This Idempotency-Key was used with a different request');
  }
}

export class IdempotencyKeyInFlightError extends LedgerError {
  override name = 'IdempotencyKeyInFlightError';
  constructor(readonly retryAfterSeconds: number) {
    super('A request with this Idempotency-Key is still in progress; retry later');
  }
}

/** Redis (the queue) is away: nothing is stored that a client would have to resend. */
export class QueueUnavailableError extends LedgerError {
  override name = 'QueueUnavailableError';
  constructor() {
    super('The queue is unavailable; retry later');
  }
}

/** A transition the state machine does not allow: a bug in the caller, never a client's. */
export class InvalidTransitionError extends LedgerError {
  override name = 'InvalidTransitionError';
  constructor(from: string, to: string) {
    super(`a notification cannot move from ${from} to ${to}`);
  }
}
