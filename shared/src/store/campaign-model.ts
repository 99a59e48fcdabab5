import { Schema, type Connection } from 'mongoose';

/**
 * The import's own state, then the operator's: importing → imported | aborted; imported ⇄
 * paused; imported | paused → cancelled (final). Whether sending is done is read from the
 * notifications.
 */
export type CampaignState = 'importing' | 'imported' | 'aborted' | 'paused' | 'cancelled';
export const CAMPAIGN_STATES: readonly CampaignState[] = [
  'importing',
  'imported',
  'aborted',
  'paused',
  'cancelled',
];

/**
 * One campaign upload. The api writes it while importing; the processors' campaign cursor
 * reads it (by `_id`) to feed its recipients to the queue once the whole file is imported,
 * and their campaign gate to hold back or cancel what was fed when it is paused or cancelled.
 */
export interface CampaignRecord {
  _id: string;
  name: string;
  subject: string;
  body: string;
  state: CampaignState;
  abortReason: string | null;
  /** The provider its notifications target (the intake's choice when it was uploaded). */
  provider: string;
  rowsRead: number;
  valid: number;
  invalid: number;
  duplicates: number;
  /** Valid, de-duplicated recipients stored for sending (in `chunks` recipient chunks). */
  queued: number;
  /** Recipient chunks the import stored (see the ledger's recipient-chunks). */
  chunks: number;
  createdAt: Date;
  importedAt: Date | null;
  /** Refreshed by the importing api while it reads the file; a stale one means it died. */
  heartbeatAt: Date | null;
}

const campaignSchema = new Schema<CampaignRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    subject: { type: String, required: true },
    body: { type: String, required: true },
    state: { type: String, enum: CAMPAIGN_STATES, required: true },
    abortReason: { type: String, default: null },
    provider: { type: String, required: true },
    rowsRead: { type: Number, default: 0 },
    valid: { type: Number, default: 0 },
    invalid: { type: Number, default: 0 },
    duplicates: { type: Number, default: 0 },
    queued: { type: Number, default: 0 },
    chunks: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    importedAt: { type: Date, default: null },
    heartbeatAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'campaigns' },
);

export const campaignModel = (connection: Connection) =>
  connection.model<CampaignRecord>('Campaign', campaignSchema);
export type CampaignModel = ReturnType<typeof campaignModel>;
