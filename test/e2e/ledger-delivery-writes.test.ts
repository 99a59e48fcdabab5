import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newNotification, openLedger, type AttemptFacts, type Ledger } from '@notify/shared/ledger';
import { connectMongo, ensureIndexes } from '@notify/shared/store';
import {
  databaseUri,
  startFerretDb,
  type MongoWireServer,
} from '../../scripts/stack/infrastructure';
import { isolatedEnv } from '../support/test-env';

const COUNT = 20;
/** More than FerretDB's pool of 100 connections, given at once (see coalesced-writes.ts). */
const BURST = 300;
const answer: AttemptFacts = {
  outcome: 'sent',
  httpStatus: 200,
  latencyMs: 12,
  error: null,
  at: new Date().toISOString(),
};

/**
 * The processor's status writes are coalesced into bulk writes, on a store of the test's own
 * (one test stops it). Two ways that once went wrong: a bulk write cut off by a lost
 * connection fails with an empty `writeErrors` list, which was read as "every write landed"
 * (answers reported recorded while the store was down, notifications left `processing` for
 * good); and batches too large for FerretDB's connection pool stalled every write.
 */
describe('recording delivery answers', () => {
  const env = isolatedEnv('delivery-writes');
  let mongoServer: MongoWireServer;
  let mongo: Connection;
  let redis: Redis;
  let ledger: Ledger;
  beforeAll(async () => {
    mongoServer = await startFerretDb();
    const logger = pino({ level: 'silent' });
    mongo = await connectMongo(
      { uri: databaseUri(mongoServer.uri, 'outage'), serverSelectionTimeoutMS: 500 },
      logger,
    );
    redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
    ledger = openLedger({
      connection: mongo,
      redis,
      queuePrefix: env.QUEUE_PREFIX,
      publish: () => undefined,
      logger,
    });
    await ensureIndexes(mongo);
  }, 60_000);
  afterAll(async () => {
    await ledger?.close();
    redis?.disconnect();
    await mongo?.close();
    await mongoServer?.stop();
  });

  const claimedNotifications = async (count: number) => {
    const ids = Array.from({ length: count }, () => uuidv7());
    await ledger.accept.storeNew(
      ids.map((id) =>
        newNotification({
          _id: id,
          type: 'sms',
          recipient: '+14155550100',
          message: 'outage',
          campaignId: 'outage',
          provider: 'flaky',
        }),
      ),
    );
    const claimed = await Promise.all(ids.map((id) => ledger.delivery.claim(id, 60_000)));
    return claimed.map((claim) => {
      if (claim.kind !== 'claimed') throw new Error(`not claimed: ${claim.kind}`);
      return claim.doc;
    });
  };

  it('records every one of hundreds of answers given at once', async () => {
    const docs = await claimedNotifications(BURST);
    await Promise.all(docs.map((doc) => ledger.delivery.record(doc, 1, answer, 'sent', null)));
    const stored = await Promise.all(docs.map((doc) => ledger.delivery.get(doc._id)));
    expect(stored.map((doc) => doc?.status)).toEqual(docs.map(() => 'sent'));
  }, 60_000);

  it('reports no answer as recorded until the store has it, and records it once back', async () => {
    const docs = await claimedNotifications(COUNT);

    await mongoServer.process?.stop();
    const whileDown = await Promise.allSettled(
      docs.map((doc) => ledger.delivery.record(doc, 1, answer, 'sent', null)),
    );
    expect(whileDown.map((result) => result.status)).toEqual(docs.map(() => 'rejected'));

    await mongoServer.restart();
    // The processor records an unrecorded answer again when its job is retried; so does this.
    await expect
      .poll(
        async () => {
          const again = await Promise.allSettled(
            docs.map((doc) => ledger.delivery.record(doc, 1, answer, 'sent', null)),
          );
          return again.every((result) => result.status === 'fulfilled');
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true);
    const stored = await Promise.all(docs.map((doc) => ledger.delivery.get(doc._id)));
    expect(stored.map((doc) => doc?.status)).toEqual(docs.map(() => 'sent'));
    expect(stored.map((doc) => doc?.attempts.length)).toEqual(docs.map(() => 1));
  }, 90_000);
});
