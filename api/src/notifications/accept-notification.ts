import { v7 as uuidv7 } from 'uuid';
import type { AcceptedNotification, Channel, CreateNotificationRequest } from '@notify/shared';
import {
  keyReused,
  newNotification,
  QueueUnavailableError,
  requestHash,
  type IdempotencyStore,
  type Ledger,
} from '@notify/shared/ledger';

export interface AcceptDeps {
  ledger: Ledger;
  idempotency: IdempotencyStore;
  providerFor: (channel: Channel) => string;
}

export interface Acceptance {
  body: AcceptedNotification;
  replayed: boolean;
}

/**
 * HTTP's side of accepting: the Idempotency-Key, then the ledger, which stores the
 * notification (the durable acceptance, shared with every request of the same few
 * milliseconds) and queues it. Once stored the answer is 202 whatever the queuing does: the
 * reconciler repairs it. A store that stays busy or away answers 503 with Retry-After
 * (never 500), and a resend with the same Idempotency-Key completes this same notification.
 */
export async function acceptNotification(
  deps: AcceptDeps,
  request: CreateNotificationRequest,
  /** The caller's Idempotency-Key and who the caller is (keys are per API key). */
  idempotency: { key: string | undefined; caller: string },
): Promise<Acceptance> {
  // Checked first so that while Redis is away nothing is stored that a client will resend
  // (its Idempotency-Key could not be checked either): a 503 before storing is honest.
  if (!deps.ledger.queueReady()) throw new QueueUnavailableError();
  let id = uuidv7();
  // Only a valid request gets here (the body was parsed first), so a 4xx never takes a key.
  if (idempotency.key) {
    // Bound to the id at once: a repeat (the first still running, or answered 503) carries
    // on under the same id, and the ledger's insert makes that safe.
    const claim = await deps.idempotency.bind(
      'notification',
      idempotency.caller,
      idempotency.key,
      requestHash(request),
      id,
    );
    if (claim.kind === 'conflict') throw keyReused();
    id = claim.resourceId;
    if (claim.kind === 'replay' && (await deps.ledger.accept.exists(id))) {
      return { body: { id, status: 'queued' }, replayed: true };
    }
  }
  await deps.ledger.accept.one(
    newNotification({
      _id: id,
      type: request.type,
      recipient: request.recipient,
      message: request.message,
      subject: request.subject ?? null,
      campaignId: request.campaign_id,
      provider: deps.providerFor(request.type),
    }),
  );
  return { body: { id, status: 'queued' }, replayed: false };
}
