import type { Readable } from 'node:stream';
import type { Redis } from 'ioredis';
import { RECIPIENT_CHUNK, type Ledger } from '@notify/shared/ledger';
import type { CampaignModel, CampaignRecord } from '@notify/shared/store';
import type { InvalidRowModel, InvalidRowRecord } from './invalid-row-model';
import type { CsvLimits } from './csv-guards';
import { checkRecipient } from './recipient-check';
import { recipientRows, type RecipientRow } from './recipient-rows';

export interface ImportDeps {
  campaigns: CampaignModel;
  invalidRows: InvalidRowModel;
  ledger: Ledger;
  redis: Redis;
  queuePrefix: string;
  csv: CsvLimits;
}

/**
 * Adds a batch's addresses to the set of those seen, answering 1 for each new one: one
 * command per batch instead of one per row (a thousand command objects less to allocate).
 * The set is deleted when the import ends; the expiry only covers an api that died mid-file.
 */
const ADD_SEEN_SCRIPT = `
local added = {}
for i, member in ipairs(ARGV) do added[i] = redis.call('SADD', KEYS[1], member) end
redis.call('EXPIRE', KEYS[1], 86400)
return added`;

export type Counts = Pick<
  CampaignRecord,
  'rowsRead' | 'valid' | 'invalid' | 'duplicates' | 'queued'
>;

/**
 * Reads the file batch by batch: invalid rows are recorded, duplicates dropped, and the valid
 * new addresses of each batch are stored as one recipient chunk. No notification is made
 * here: once the campaign is imported, the processors' campaign cursor turns chunks into
 * notifications at the provider's pace, so a file that never arrives whole sends nothing and
 * a million rows never sit in the queue at once.
 */
export async function importRows(
  deps: ImportDeps,
  campaign: Pick<CampaignRecord, '_id'>,
  file: Readable,
  /** Adds a stored batch's counts to the campaign document (see importRun: serialised). */
  addCounts: (inc: Counts & { chunks: number }) => Promise<void>,
  /** Aborted when the campaign is: nothing more is stored after that (see importRun.abort). */
  signal: AbortSignal,
): Promise<Counts> {
  // Addresses seen so far live in Redis, not in this process: a million rows stay flat here.
  const seenKey = `${deps.queuePrefix}:campaign:${campaign._id}:seen`;
  const counts: Counts = { rowsRead: 0, valid: 0, invalid: 0, duplicates: 0, queued: 0 };
  let seq = 0;

  /** Stage 1 (Redis): check and drop duplicates. Returns stage 2 for what is left. */
  const check = async (rows: RecipientRow[]) => {
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
    const valid = checked.flatMap(({ check }) => (check.ok ? [check] : []));
    const added = (await deps.redis.eval(
      ADD_SEEN_SCRIPT,
      1,
      seenKey,
      ...valid.map((check) => check.key),
    )) as number[];
    const fresh = valid.filter((_, index) => added[index] === 1).map((check) => check.address);
    const batch = {
      rowsRead: rows.length,
      valid: valid.length,
      invalid: invalid.length,
      duplicates: valid.length - fresh.length,
      queued: fresh.length,
    };
    // Numbered here, in file order, whatever order the writes land in.
    const chunkSeq = fresh.length > 0 ? seq++ : null;
    return () => store(chunkSeq, fresh, invalid, batch);
  };

  /** Stage 2 (MongoDB): the chunk, the invalid rows, then the counts that make them count. */
  const store = async (
    chunkSeq: number | null,
    fresh: string[],
    invalid: InvalidRowRecord[],
    batch: Counts,
  ) => {
    signal.throwIfAborted();
    if (invalid.length > 0) await deps.invalidRows.insertMany(invalid, { lean: true });
    if (chunkSeq !== null) await deps.ledger.recipientChunks.append(campaign._id, chunkSeq, fresh);
    for (const key of Object.keys(batch) as (keyof Counts)[]) counts[key] += batch[key];
    await addCounts({ ...batch, chunks: chunkSeq === null ? 0 : 1 });
  };

  // Batch n is stored while batch n+1 is read and checked: the two stages use different
  // servers (Redis, MongoDB), so overlapping them hides the shorter one.
  let storing: Promise<void> = Promise.resolve();
  const flush = async (rows: RecipientRow[]) => {
    signal.throwIfAborted();
    const storeChecked = await check(rows);
    await storing;
    storing = storeChecked();
    // Awaited by the next flush or below; this only keeps a failure from going unhandled.
    storing.catch(() => undefined);
  };
  try {
    let rows: RecipientRow[] = [];
    for await (const row of recipientRows(file, deps.csv)) {
      rows.push(row);
      if (rows.length >= RECIPIENT_CHUNK) {
        await flush(rows);
        rows = [];
      }
    }
    if (rows.length > 0) await flush(rows);
    await storing;
  } finally {
    // Nothing may still be writing when the caller aborts the campaign.
    await storing.catch(() => undefined);
    await deps.redis.del(seenKey).catch(() => undefined);
  }
  return counts;
}
