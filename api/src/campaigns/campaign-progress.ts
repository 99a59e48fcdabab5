import type { Queue } from 'bullmq';
import type { CampaignStatus, CampaignView } from '@notify/shared';
import type { Ledger } from '@notify/shared/ledger';
import type { CampaignRecord } from '@notify/shared/store';

type Tally = { sent: number; failed: number; in_progress: number };
const NO_NOTIFICATIONS: Tally = { sent: 0, failed: 0, in_progress: 0 };

/** Sent / failed / unfinished per campaign: set sizes of the ledger's campaign views. */
export async function tallies(ledger: Ledger, campaignIds: string[]): Promise<Map<string, Tally>> {
  const counts = await ledger.reads.campaignCounts(campaignIds);
  return new Map(
    campaignIds.map((id) => {
      const c = counts.get(id);
      const tally = c
        ? { sent: c.sent, failed: c.failed, in_progress: c.queued + c.processing + c.retrying }
        : { ...NO_NOTIFICATIONS };
      return [id, tally];
    }),
  );
}

/**
 * Milliseconds per send at the provider's pace: the limit the processors put on the queue
 * (setGlobalRateLimit), read back from Redis so the api needs no copy of the setting.
 */
export async function sendIntervalMs(queue: Queue): Promise<number | null> {
  const meta = await queue.getMeta().catch(() => null);
  return meta?.max && meta.duration ? meta.duration / meta.max : null;
}

const statusOf = (record: CampaignRecord, tally: Tally): CampaignStatus => {
  if (record.state === 'importing') return 'importing';
  if (record.state === 'aborted') return 'aborted';
  return tally.in_progress > 0 ? 'sending' : 'completed';
};

export function toCampaignView(
  record: CampaignRecord,
  tally: Tally = NO_NOTIFICATIONS,
  intervalMs: number | null = null,
): CampaignView {
  return {
    id: record._id,
    name: record.name,
    status: statusOf(record, tally),
    subject: record.subject,
    body: record.body,
    abort_reason: record.abortReason,
    rows_read: record.rowsRead,
    valid: record.valid,
    invalid: record.invalid,
    duplicates: record.duplicates,
    queued: record.queued,
    ...tally,
    // Everything left goes through one rate-limited queue, one send per interval.
    eta_seconds:
      tally.in_progress === 0
        ? 0
        : intervalMs === null
          ? null
          : Math.ceil((tally.in_progress * intervalMs) / 1000),
    created_at: new Date(record.createdAt).toISOString(),
    imported_at: record.importedAt ? new Date(record.importedAt).toISOString() : null,
  };
}
