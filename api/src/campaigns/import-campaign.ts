import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { CAMPAIGN_PRIORITY } from '@notify/shared';
import { newNotification, type Ledger } from '@notify/shared/ledger';
import type { CampaignModel, CampaignRecord } from '@notify/shared/store';
import type { InvalidRowModel } from './invalid-row-model';
import type { CsvLimits } from './csv-guards';
import { checkRecipient } from './recipient-check';
import { recipientRows, type RecipientRow } from './recipient-rows';

export interface ImportDeps {
  campaigns: CampaignModel;
  invalidRows: InvalidRowModel;
  ledger: Ledger;
  redis: Redis;
  queuePrefix: string;
  providerFor: (channel: 'email') => string;
  csv: CsvLimits;
}

/** Rows per round trip: big enough to amortise, small enough that memory stays flat. */
const BATCH = 500;

type Counts = Pick<CampaignRecord, 'rowsRead' | 'valid' | 'invalid' | 'duplicates' | 'queued'>;

/**
 * Reads the file batch by batch: invalid rows are recorded, duplicates dropped, and each
 * valid new address becomes an ordinary notification, stored, then enqueued. The processor
 * sends none of them before the campaign is marked imported (see the processor's campaign
 * gate), so a file that never arrives whole sends nothing.
 */
export async function importRows(
  deps: ImportDeps,
  campaign: Pick<CampaignRecord, '_id' | 'subject' | 'body'>,
  file: Readable,
  log: Logger,
  /** Told before notifications are written, so an abort knows whether it has any to fail. */
  onStore: () => void = () => undefined,
): Promise<Counts> {
  const provider = deps.providerFor('email');
  // Addresses seen so far live in Redis, not in this process: a million rows stay flat here.
  const seenKey = `${deps.queuePrefix}:campaign:${campaign._id}:seen`;
  const counts: Counts = { rowsRead: 0, valid: 0, invalid: 0, duplicates: 0, queued: 0 };

  /** Stage 1: check, drop duplicates, store. Returns stage 2 for what it stored. */
  const store = async (rows: RecipientRow[]) => {
    const checked = rows.map((row) => ({ row, check: checkRecipient(row.value) }));
    const invalid = checked.flatMap(({ row, check }) =>
      check.ok
        ? []
        : [
            {
              _id: `${campaign._id}:${row.line}`,
              campaignId: campaign._id,
              line: row.line,
              value: row.value.slice(0, 500),
              reason: check.reason,
            },
          ],
    );
    const valid = checked.flatMap(({ row, check }) => (check.ok ? [{ row, check }] : []));
    const pipeline = deps.redis.pipeline();
    for (const { check } of valid) pipeline.sadd(seenKey, check.key);
    // Deleted when the import ends; the expiry only covers an api that died mid-file.
    pipeline.expire(seenKey, 24 * 3600);
    const added = ((await pipeline.exec()) ?? []).map(([error, result]) => {
      if (error) throw error;
      return result === 1;
    });
    const fresh = valid.filter((_, index) => added[index]);
    const records = fresh.map(({ check }) =>
      newNotification({
        _id: uuidv7(),
        type: 'email',
        recipient: check.address,
        subject: campaign.subject,
        message: campaign.body,
        campaignId: campaign._id,
        provider,
        tokenNonce: randomBytes(16).toString('base64url'),
        priority: CAMPAIGN_PRIORITY,
      }),
    );
    if (invalid.length > 0) await deps.invalidRows.insertMany(invalid, { lean: true });
    if (records.length > 0) onStore();
    const release = await deps.ledger.accept.stored(records);
    const batch = {
      rowsRead: rows.length,
      valid: valid.length,
      invalid: invalid.length,
      duplicates: valid.length - fresh.length,
      queued: records.length,
    };
    return () => enqueue(release, batch);
  };

  /** Stage 2: queue what stage 1 stored (stored first, always) and count the batch. */
  const enqueue = async (release: () => Promise<void>, batch: Counts) => {
    // A failed enqueue is repaired by the processor's reconciler, as for single sends.
    await release();
    for (const key of Object.keys(batch) as (keyof Counts)[]) counts[key] += batch[key];
    await deps.campaigns.updateOne({ _id: campaign._id }, { $inc: batch });
  };

  // Batch n is queued while batch n+1 is read and stored: the two stages use different
  // servers (Redis, MongoDB), so overlapping them hides the shorter one.
  let queuing: Promise<void> = Promise.resolve();
  const flush = async (rows: RecipientRow[]) => {
    const queueStored = await store(rows);
    await queuing;
    queuing = queueStored();
    // Awaited by the next flush or below; this only keeps a failure from going unhandled.
    queuing.catch(() => undefined);
  };
  try {
    let rows: RecipientRow[] = [];
    for await (const row of recipientRows(file, deps.csv)) {
      rows.push(row);
      if (rows.length >= BATCH) {
        await flush(rows);
        rows = [];
      }
    }
    if (rows.length > 0) await flush(rows);
    await queuing;
  } finally {
    // Nothing may still be enqueuing when the caller aborts the campaign.
    await queuing.catch(() => undefined);
    await deps.redis.del(seenKey).catch(() => undefined);
  }
  return counts;
}
