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
 * One campaign upload. The api writes it; the processor reads it (by `_id`) to hold a
 * campaign's notifications back until the whole file is imported, and to cancel them if the
 * import never completes.
 */
export interface CampaignRecord {
  _id: string;
  name: string;
  subject: string;
  body: string;
  state: CampaignState;
  abortReason: string | null;
  rowsRead: number;
  valid: number;
  invalid: number;
  duplicates: number;
  queued: number;
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
    rowsRead: { type: Number, default: 0 },
    valid: { type: Number, default: 0 },
    invalid: { type: Number, default: 0 },
    duplicates: { type: Number, default: 0 },
    queued: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    importedAt: { type: Date, default: null },
    heartbeatAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'campaigns' },
);

export const campaignModel = (connection: Connection) =>
  connection.model<CampaignRecord>('Campaign', campaignSchema);
export type CampaignModel = ReturnType<typeof campaignModel>;
