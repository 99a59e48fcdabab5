import { createHash } from 'node:crypto';
import { Schema, type Connection } from 'mongoose';
import { isDuplicateKeyError } from '@notify/shared/store';

interface IdempotencyRecord {
  /** The client's Idempotency-Key; _id gives uniqueness without a secondary unique index. */
  _id: string;
  requestHash: string;
  notificationId: string;
  createdAt: Date;
}

const idempotencySchema = new Schema<IdempotencyRecord>(
  {
    _id: { type: String, required: true },
    requestHash: { type: String, required: true },
    notificationId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'idempotency_keys' },
);

export type Reservation =
  | { kind: 'new'; notificationId: string }
  | { kind: 'replay'; notificationId: string }
  | { kind: 'conflict' };

/** A stable hash of the normalised request, so key order and whitespace don't matter. */
export const requestHash = (body: Record<string, unknown>): string =>
  createHash('sha256')
    .update(JSON.stringify(body, Object.keys(body).sort()))
    .digest('hex');

export function idempotencyStore(connection: Connection) {
  const model = connection.model<IdempotencyRecord>('IdempotencyKey', idempotencySchema);
  return {
    /**
     * Claims `key` for this request. The first caller gets `new`; a later one with the same
     * body gets the first one's notification id, a later one with another body `conflict`.
     */
    async reserve(key: string, hash: string, notificationId: string): Promise<Reservation> {
      try {
        await model.create({ _id: key, requestHash: hash, notificationId, createdAt: new Date() });
        return { kind: 'new', notificationId };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const existing = await model.findById(key).lean<IdempotencyRecord>();
      if (!existing) throw new Error(`idempotency key vanished after a duplicate: ${key}`);
      return existing.requestHash === hash
        ? { kind: 'replay', notificationId: existing.notificationId }
        : { kind: 'conflict' };
    },
  };
}
export type IdempotencyStore = ReturnType<typeof idempotencyStore>;
