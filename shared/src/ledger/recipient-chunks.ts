import { Schema, type Connection } from 'mongoose';
import { isDuplicateKeyError } from '../store/storage-errors';

/**
 * A campaign's imported recipients, stored compactly: one document per chunk of up to
 * RECIPIENT_CHUNK addresses, `_id` `<campaignId>:<seq>` with seq 0, 1, 2… in file order. The
 * campaign cursor reads them back by exact `_id` (the one lookup every backend, the embedded
 * store included, serves from its primary key), so no index and no scan is ever needed. A
 * chunk becomes notifications only when the cursor reaches it; `ids` is written then, once,
 * so a cursor that dies midway makes the same notifications again, never new ones.
 */
export interface RecipientChunkRecord {
  _id: string;
  campaignId: string;
  seq: number;
  recipients: string[];
  /** The notification ids of `recipients`, same order; null until the cursor takes it. */
  ids: string[] | null;
}

/**
 * 1,000 addresses (~30 KB) per document: a million-row file is a thousand inserts, and one
 * chunk is about what a fast provider sends in ten seconds, so the queue holds little more.
 */
export const RECIPIENT_CHUNK = 1000;

const chunkSchema = new Schema<RecipientChunkRecord>(
  {
    _id: { type: String, required: true },
    campaignId: { type: String, required: true },
    seq: { type: Number, required: true },
    recipients: { type: [String], required: true },
    ids: { type: [String], default: null },
  },
  { versionKey: false, collection: 'campaign_recipients' },
);

export const recipientChunkModel = (connection: Connection) =>
  connection.model<RecipientChunkRecord>('RecipientChunk', chunkSchema);
export type RecipientChunkModel = ReturnType<typeof recipientChunkModel>;

export const chunkId = (campaignId: string, seq: number) => `${campaignId}:${seq}`;

export function recipientChunks(model: RecipientChunkModel) {
  return {
    /** Safe to repeat: a chunk already stored (a retried write that had landed) is kept. */
    async append(campaignId: string, seq: number, recipients: string[]): Promise<void> {
      const chunk = { _id: chunkId(campaignId, seq), campaignId, seq, recipients, ids: null };
      await model.insertMany([chunk], { lean: true }).catch((error: unknown) => {
        if (!isDuplicateKeyError(error)) throw error;
      });
    },

    read: (campaignId: string, seq: number) =>
      model.findById(chunkId(campaignId, seq)).lean<RecipientChunkRecord>().exec(),

    /**
     * Gives the chunk its notification ids unless it has some: the first cursor to get here
     * wins, and every later one (a restarted processor) reads the winner's back.
     */
    async assignIds(chunk: RecipientChunkRecord, ids: string[]): Promise<string[]> {
      if (chunk.ids) return chunk.ids;
      const { modifiedCount } = await model.updateOne(
        { _id: chunk._id, ids: null },
        { $set: { ids } },
      );
      if (modifiedCount === 1) return ids;
      const stored = await model.findById(chunk._id).lean<RecipientChunkRecord>();
      if (!stored?.ids) throw new Error(`recipient chunk ${chunk._id} lost its ids`);
      return stored.ids;
    },

    remove: (campaignId: string, seq: number) =>
      model.deleteOne({ _id: chunkId(campaignId, seq) }).exec(),
  };
}

export type RecipientChunks = ReturnType<typeof recipientChunks>;
