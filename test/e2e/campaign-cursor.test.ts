import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import mongoose, { type Connection } from 'mongoose';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryQueueName } from '@notify/shared';
import { openLedger, type Ledger } from '@notify/shared/ledger';
import { notificationModel, recipientChunkModel } from '@notify/shared/ledger/inspect';
import { campaignModel, ensureIndexes, type CampaignRecord } from '@notify/shared/store';
import { isolatedEnv } from '../support/test-env';

const PER_CHUNK = 5;
const PROVIDER = 'email-api';

/**
 * The campaign cursor through the ledger alone (no processor takes the jobs, so the queue
 * shows exactly what was fed): chunk by chunk at the queue's pace, and never a notification
 * twice when a cursor dies midway and another takes over.
 */
describe('the campaign cursor', () => {
  const env = isolatedEnv('campaign-cursor');
  let mongo: Connection;
  let redis: Redis;
  let ledger: Ledger;
  let queue: Queue;
  beforeAll(async () => {
    mongo = await mongoose.createConnection(env.MONGODB_URI).asPromise();
    redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
    ledger = openLedger({
      connection: mongo,
      redis,
      queuePrefix: env.QUEUE_PREFIX,
      publish: () => undefined,
      logger: pino({ level: 'silent' }),
    });
    await ensureIndexes(mongo);
    queue = new Queue(deliveryQueueName(PROVIDER), { prefix: env.QUEUE_PREFIX, connection: redis });
  }, 60_000);
  afterAll(async () => {
    await queue?.close();
    await ledger?.close();
    redis?.disconnect();
    await mongo?.close();
  });

  const notifications = () => notificationModel(mongo);
  const campaigns = () => campaignModel(mongo);
  const chunks = () => recipientChunkModel(mongo);

  /** An imported campaign of `chunkCount` stored chunks, as the api leaves one. */
  const importedCampaign = async (chunkCount: number, state: CampaignRecord['state']) => {
    const id = uuidv7();
    await ledger.campaignFeed.register(id);
    const addresses = (seq: number) =>
      Array.from({ length: PER_CHUNK }, (_, i) => `c${seq}-r${i}@example.com`);
    for (let seq = 0; seq < chunkCount; seq += 1)
      await ledger.recipientChunks.append(id, seq, addresses(seq));
    await campaigns().insertMany([
      {
        _id: id,
        name: 'cursor',
        subject: 'Hello',
        body: 'Hi',
        state,
        abortReason: null,
        provider: PROVIDER,
        rowsRead: chunkCount * PER_CHUNK,
        valid: chunkCount * PER_CHUNK,
        invalid: 0,
        duplicates: 0,
        queued: chunkCount * PER_CHUNK,
        chunks: chunkCount,
        createdAt: new Date(),
        importedAt: new Date(),
        heartbeatAt: null,
      },
    ]);
    return id;
  };
  const jobsOf = async (id: string) => {
    const waiting = await queue.getJobs(['waiting', 'prioritized']);
    const ids = new Set(
      (await notifications().find({ campaignId: id }, { _id: 1 }).lean()).map((n) => n._id),
    );
    return waiting.filter((job) => ids.has(String(job.data.notificationId)));
  };

  it('feeds one chunk while the queue is low, then waits for it to drain', async () => {
    const id = await importedCampaign(3, 'imported');
    expect(await ledger.campaignFeed.feed(id, { lowWater: PER_CHUNK })).toBe('fed');
    // Five of its notifications are queued: at the low-water mark, so no second chunk.
    expect(await ledger.campaignFeed.feed(id, { lowWater: PER_CHUNK })).toBe('full');
    expect(await jobsOf(id)).toHaveLength(PER_CHUNK);
    // The fed chunk is gone; the other two wait in the store, not in Redis.
    expect(await chunks().countDocuments({ _id: { $in: [`${id}:0`, `${id}:1`, `${id}:2`] } })).toBe(
      2,
    );
  });

  it('feeds every chunk and leaves the feeding set once the file is dispatched', async () => {
    const id = await importedCampaign(2, 'imported');
    const steps = [];
    for (let i = 0; i < 3; i += 1)
      steps.push(await ledger.campaignFeed.feed(id, { lowWater: 100 }));
    expect(steps).toEqual(['fed', 'fed', 'done']);
    expect(await ledger.campaignFeed.active()).not.toContain(id);
    const made = await notifications().find({ campaignId: id }).lean();
    expect(made.map((n) => n.recipient).sort()).toHaveLength(2 * PER_CHUNK);
    expect(new Set(made.map((n) => n.recipient)).size).toBe(2 * PER_CHUNK);
    expect(
      made.every((n) => n.status === 'queued' && n.tokenNonce && n.provider === PROVIDER),
    ).toBe(true);
  });

  it('makes the same notifications again after a cursor died before moving on, and queues only the new', async () => {
    const id = await importedCampaign(1, 'imported');
    // A cursor died after giving the chunk its ids and storing two of its notifications.
    const chunk = (await ledger.recipientChunks.read(id, 0))!;
    const ids = await ledger.recipientChunks.assignIds(
      chunk,
      chunk.recipients.map(() => uuidv7()),
    );
    const first = await notifications().findById(ids[0]).lean();
    expect(first).toBeNull();
    await notifications().insertMany(
      ids.slice(0, 2).map((_id, i) => ({
        _id,
        type: 'email',
        recipient: chunk.recipients[i],
        subject: 'Hello',
        message: 'Hi',
        campaignId: id,
        provider: PROVIDER,
        status: 'sent',
        createdAt: new Date(),
        updatedAt: new Date(),
      })),
    );

    expect(await ledger.campaignFeed.feed(id, { lowWater: 100 })).toBe('fed');
    const made = await notifications().find({ campaignId: id }).lean();
    expect(made.map((n) => n._id).sort()).toEqual([...ids].sort());
    // The two stored before are left as they were (one may have been sent meanwhile).
    expect(
      made
        .filter((n) => n.status === 'sent')
        .map((n) => n._id)
        .sort(),
    ).toEqual(ids.slice(0, 2).sort());
    const queued = (await jobsOf(id)).map((job) => String(job.data.notificationId)).sort();
    expect(queued).toEqual(ids.slice(2).sort());
  });

  it('finds its place again from the chunks left when Redis lost the saved position', async () => {
    const id = await importedCampaign(3, 'imported');
    expect(await ledger.campaignFeed.feed(id, { lowWater: 100 })).toBe('fed');
    const saved = await redis.keys(`*${id}:cursor`);
    expect(saved).toHaveLength(1);
    await redis.del(...saved);
    expect(await ledger.campaignFeed.feed(id, { lowWater: 100 })).toBe('fed');
    expect(await ledger.campaignFeed.feed(id, { lowWater: 100 })).toBe('fed');
    expect(await ledger.campaignFeed.feed(id, { lowWater: 100 })).toBe('done');
    const made = await notifications().find({ campaignId: id }).lean();
    expect(new Set(made.map((n) => n.recipient)).size).toBe(3 * PER_CHUNK);
    expect(made).toHaveLength(3 * PER_CHUNK);
  });

  it('feeds nothing of a campaign still importing, and keeps it listed', async () => {
    const id = await importedCampaign(2, 'importing');
    expect(await ledger.campaignFeed.feed(id, { lowWater: 100 })).toBe('not imported');
    expect(await ledger.campaignFeed.active()).toContain(id);
    expect(await notifications().countDocuments({ campaignId: id })).toBe(0);
  });

  it('removes the unfed chunks of a campaign that will never send', async () => {
    const id = await importedCampaign(3, 'aborted');
    await ledger.campaignFeed.retire(id);
    expect(await chunks().countDocuments({ _id: { $in: [`${id}:0`, `${id}:1`, `${id}:2`] } })).toBe(
      0,
    );
    expect(await ledger.campaignFeed.active()).not.toContain(id);
    expect(await notifications().countDocuments({ campaignId: id })).toBe(0);
  });
});
