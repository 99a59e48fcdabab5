import { Schema, type Connection } from 'mongoose';

export interface CampaignRecord {
  _id: string;
  name: string;
  subject: string;
  body: string;
  /** The import's own state; whether sending is done is read from the notifications. */
  state: 'importing' | 'imported' | 'aborted';
  abortReason: string | null;
  rowsRead: number;
  valid: number;
  invalid: number;
  duplicates: number;
  queued: number;
  createdAt: Date;
  importedAt: Date | null;
}

/** One rejected row; the value is kept so an operator can fix the source list. */
export interface InvalidRowRecord {
  /** `<campaignId>:<line>`: unique, and a bare-_id lookup stays cheap on every backend. */
  _id: string;
  campaignId: string;
  line: number;
  value: string;
  reason: string;
}

const campaignSchema = new Schema<CampaignRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    subject: { type: String, required: true },
    body: { type: String, required: true },
    state: { type: String, enum: ['importing', 'imported', 'aborted'], required: true },
    abortReason: { type: String, default: null },
    rowsRead: { type: Number, default: 0 },
    valid: { type: Number, default: 0 },
    invalid: { type: Number, default: 0 },
    duplicates: { type: Number, default: 0 },
    queued: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    importedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'campaigns' },
);

const invalidRowSchema = new Schema<InvalidRowRecord>(
  {
    _id: { type: String, required: true },
    campaignId: { type: String, required: true },
    line: { type: Number, required: true },
    value: { type: String, required: true },
    reason: { type: String, required: true },
  },
  { versionKey: false, collection: 'campaign_invalid_rows' },
);
// The invalid-rows page: one campaign's rows in file order.
invalidRowSchema.index({ campaignId: 1, line: 1 });

export const campaignModel = (connection: Connection) =>
  connection.model<CampaignRecord>('Campaign', campaignSchema);
export type CampaignModel = ReturnType<typeof campaignModel>;

export const invalidRowModel = (connection: Connection) =>
  connection.model<InvalidRowRecord>('CampaignInvalidRow', invalidRowSchema);
export type InvalidRowModel = ReturnType<typeof invalidRowModel>;
