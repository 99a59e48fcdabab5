import type { Queue } from 'bullmq';
import type { CampaignStatus, CampaignView } from '@notify/shared';
import type { Ledger } from '@notify/shared/ledger';
import type { CampaignRecord } from '@notify/shared/store';

type Tally = { sent: number; failed: number; cancelled: number; in_progress: number };
const NO_NOTIFICATIONS: Tally = { sent: 0, failed: 0, cancelled: 0, in_progress: 0 };

/**
 * The send rate is read over the last 5 minutes: long enough to smooth a 1-per-10-s provider
 * (30 sends), short enough that a pause shows within minutes.
 */
const RATE_WINDOW_MS = 5 * 60_000;
/** A campaign imported seconds ago is measured over at least a minute, not extrapolated. */
const MIN_RATE_WINDOW_MS = 60_000;

/** Sent / failed / cancelled / unfinished per campaign: sizes of the ledger's campaign views. */
export async function tallies(ledger: Ledger, campaignIds: string[]): Promise<Map<string, Tally>> {
  const counts = await ledger.reads.campaignCounts(campaignIds);
  return new Map(
    campaignIds.map((id) => {
      const c = counts.get(id);
      const tally = c
        ? {
            sent: c.sent,
            failed: c.failed,
            cancelled: c.cancelled,
            in_progress: c.queued + c.processing + c.retrying,
          }
        : { ...NO_NOTIFICATIONS };
      return [id, tally];
    }),
  );
}

/**
 * Sends per minute: the campaign's sends of the last RATE_WINDOW_MS (a count in a set the
 * ledger keeps per campaign, trimmed as it goes), over that window or the time since the
 * import, whichever is shorter. One ZCOUNT per campaign, no scan.
 */
export async function sendRates(
  ledger: Ledger,
  records: CampaignRecord[],
  now = Date.now(),
): Promise<Map<string, number>> {
  const sent = await ledger.reads.campaignSentSince(
    records.map((r) => r._id),
    now - RATE_WINDOW_MS,
  );
  return new Map(
    records.map((r) => {
      const since = r.importedAt ? now - new Date(r.importedAt).getTime() : RATE_WINDOW_MS;
      const window = Math.min(RATE_WINDOW_MS, Math.max(MIN_RATE_WINDOW_MS, since));
      const perMinute = ((sent.get(r._id) ?? 0) * 60_000) / window;
      return [r._id, Math.round(perMinute * 10) / 10];
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

/**
 * Recipients the campaign cursor has not made notifications of yet: all of them until the
 * import ends. Read from the views, as the rest of the tally, so it costs no extra round trip.
 */
const notDispatched = (record: CampaignRecord, tally: Tally): number =>
  Math.max(0, record.queued - (tally.sent + tally.failed + tally.cancelled + tally.in_progress));

const statusOf = (record: CampaignRecord, tally: Tally): CampaignStatus => {
  if (record.state === 'imported')
    return tally.in_progress + notDispatched(record, tally) > 0 ? 'sending' : 'completed';
  return record.state;
};

export function toCampaignView(
  record: CampaignRecord,
  tally: Tally = NO_NOTIFICATIONS,
  intervalMs: number | null = null,
  sentPerMinute = 0,
): CampaignView {
  const left = tally.in_progress + notDispatched(record, tally);
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
    not_dispatched: notDispatched(record, tally),
    sent_per_minute: sentPerMinute,
    // Everything left goes through one rate-limited queue, one send per interval.
    eta_seconds:
      left === 0 || record.state === 'cancelled' || record.state === 'aborted'
        ? 0
        : intervalMs === null
          ? null
          : Math.ceil((left * intervalMs) / 1000),
    created_at: new Date(record.createdAt).toISOString(),
    imported_at: record.importedAt ? new Date(record.importedAt).toISOString() : null,
  };
}

/** The views of these campaigns: counts, send rate and ETA, a few round trips for all. */
export async function campaignViews(
  ledger: Ledger,
  queue: Queue,
  records: CampaignRecord[],
): Promise<CampaignView[]> {
  const ids = records.map((r) => r._id);
  const [counts, interval, rates] = await Promise.all([
    tallies(ledger, ids),
    sendIntervalMs(queue),
    sendRates(ledger, records),
  ]);
  return records.map((r) => toCampaignView(r, counts.get(r._id), interval, rates.get(r._id)));
}
