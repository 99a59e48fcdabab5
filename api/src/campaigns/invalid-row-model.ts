import { Schema, type Connection } from 'mongoose';

/** One rejected row; the value is kept so an operator can fix the source list. */
export interface InvalidRowRecord {
  /** `<campaignId>:<line>`: unique, and a bare-_id lookup stays cheap on every backend. */
  _id: string;
  campaignId: string;
  line: number;
  value: string;
  reason: string;
}

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

export const invalidRowModel = (connection: Connection) =>
  connection.model<InvalidRowRecord>('CampaignInvalidRow', invalidRowSchema);
export type InvalidRowModel = ReturnType<typeof invalidRowModel>;
