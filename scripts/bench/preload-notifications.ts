/**
 * Stores `count` notifications quickly through the ledger's public API, as a campaign import
 * does (500 per batch: stored, then filed and queued), and marks `failed` of them failed
 * through the processor's own claim + record. For the read and delivery benchmarks.
 *
 * `terminal`: stored as already sent (older history the processor must not deliver), filed in
 * the `sent` views in the same pass. The ledger's release still adds a job for each (it
 * queues whatever it files), so a caller that runs a processor removes those jobs first.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { newNotification, openLedger, type NotificationRecord } from '@notify/shared/ledger';

const BATCH = 500;

export async function preloadNotifications(options: {
  mongoUri: string;
  redisUrl: string;
  queuePrefix?: string;
  count: number;
  failed: number;
  provider?: string;
  terminal?: boolean;
}): Promise<{ campaignId: string; ids: string[] }> {
  const connection = await mongoose.createConnection(options.mongoUri).asPromise();
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const ledger = openLedger({
    connection,
    redis,
    queuePrefix: options.queuePrefix ?? 'notify',
    publish: () => undefined,
    logger: pino({ level: 'warn' }),
  });
  const campaignId = randomUUID();
  const failedIds: string[] = [];
  const ids: string[] = [];
  let pending: () => Promise<void> = () => Promise.resolve();
  for (let done = 0; done < options.count; done += BATCH) {
    const records = Array.from({ length: Math.min(BATCH, options.count - done) }, (_, i) =>
      newNotification({
        _id: uuidv7(),
        type: 'sms',
        recipient: `+1415${String((done + i) % 10_000_000).padStart(7, '0')}`,
        message: `preload ${done + i}`,
        campaignId,
        provider: options.provider ?? 'flaky',
      }),
    ).map((record) => (options.terminal ? asSent(record) : record));
    records.forEach((r) => ids.push(r._id));
    // Failures spread evenly over the history, so the newest failed are not all the newest.
    const every = options.failed > 0 ? Math.floor(options.count / options.failed) : 0;
    records.forEach((r, i) => every && (done + i) % every === 0 && failedIds.push(r._id));
    const release = await ledger.accept.stored(records);
    await pending();
    pending = release;
  }
  await pending();
  for (const id of failedIds.slice(0, options.failed)) {
    const claim = await ledger.delivery.claim(id, 60_000);
    if (claim.kind !== 'claimed') continue;
    const at = new Date().toISOString();
    const facts = {
      outcome: 'permanent' as const,
      httpStatus: 400,
      latencyMs: 1,
      error: 'bench',
      at,
    };
    await ledger.delivery.record(claim.doc, 1, facts, 'failed', 'bench: marked failed');
  }
  await ledger.close();
  redis.disconnect();
  await connection.close();
  return { campaignId, ids };
}

/** What the processor's `record` leaves on a notification sent at its first attempt. */
function asSent(record: NotificationRecord): NotificationRecord {
  const at = record.createdAt;
  const attempt = {
    number: 1,
    at,
    outcome: 'sent' as const,
    httpStatus: 200,
    latencyMs: 1,
    error: null,
    provider: record.provider,
    responseBody: null,
  };
  return {
    ...record,
    status: 'sent',
    attemptCount: 1,
    attempts: [attempt],
    sentAt: new Date(at.getTime() + 1),
    deliveredBy: record.provider,
  };
}
