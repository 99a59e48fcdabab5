/**
 * Delivery through mock-api at its default (seed) odds, one processor at default settings:
 * starts Redis, FerretDB, mock-api and the processor (no api), and for each size N stores N
 * older notifications as already sent, then a fresh batch queued, and times its delivery by
 * sampling the ledger's per-campaign view counts (ZCARDs) every second.
 *
 *   npx tsx scripts/bench/delivery.ts 1000,100000 5000
 *   BENCH_RETRY_AFTER_SECONDS=1 npx tsx scripts/bench/delivery.ts 1000,100000 5000
 *
 * BENCH_RETRY_AFTER_SECONDS is the mock's 429 hint (default 30, the mock's own default);
 * BENCH_TIMEOUT_SECONDS caps the wait for one batch (default 1800).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import pino from 'pino';
import { deliveryQueueName } from '@notify/shared';
import { openLedger } from '@notify/shared/ledger';
import { startFerretDb, startRedis } from '../stack/infrastructure';
import { FLAKY_ONLY_ENV, startApp, type AppProcess } from '../stack/platform';
import { answerTimes, sampleUntilDone, steadyRate } from './delivery-sampling';
import { preloadNotifications } from './preload-notifications';

const sizes = (process.argv[2] ?? '1000,100000').split(',').map(Number);
const batch = Number(process.argv[3] ?? 5000);
const hint = process.env.BENCH_RETRY_AFTER_SECONDS ?? '30';
const timeoutMs = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 1800) * 1000;
const dir = mkdtempSync(join(tmpdir(), 'delivery-bench-'));
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

const [redis, mongo] = await Promise.all([startRedis(), startFerretDb()]);
const mongoUri = new URL('/delivery', mongo.uri).toString();
// The mock logs every send at info; it is not what is measured, so it keeps its CPU.
const mock = await startApp(
  'mock-api',
  { MOCK_RETRY_AFTER_SECONDS: hint, LOG_LEVEL: 'warn' },
  join(dir, 'mock-api.log'),
);
const processorEnv = {
  MONGODB_URI: mongoUri,
  REDIS_URL: redis.url,
  MOCK_API_URL: mock.url,
  ...FLAKY_ONLY_ENV,
  CAMPAIGN_TOKEN_SECRET: randomBytes(32).toString('base64url'),
};
const connection = await mongoose.createConnection(mongoUri).asPromise();
const client = new Redis(redis.url, { maxRetriesPerRequest: null });
const ledger = openLedger({
  connection,
  redis: client,
  queuePrefix: 'notify',
  publish: () => undefined,
  logger: pino({ level: 'warn' }),
});
const queue = new Queue(deliveryQueueName('flaky'), { connection: client, prefix: 'notify' });
const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 50);
console.log(`mock 429 hint ${hint} s, worker concurrency ${concurrency} (default), logs in ${dir}`);

let processor: AppProcess | null = null;
let stored = 0;
for (const size of sizes) {
  // The preload's release queues the sent history too; no processor may claim those jobs.
  if (processor) await processor.process.stop(25_000);
  let started = performance.now();
  if (size > stored) {
    await preloadNotifications({
      mongoUri,
      redisUrl: redis.url,
      count: size - stored,
      failed: 0,
      terminal: true,
    });
  }
  console.log(`${size} older stored as sent (preload of ${size - stored}: ${seconds(started)} s)`);
  started = performance.now();
  await queue.obliterate({ force: true });
  console.log(`  their jobs removed (obliterate: ${seconds(started)} s)`);
  const fresh = await preloadNotifications({
    mongoUri,
    redisUrl: redis.url,
    count: batch,
    failed: 0,
  });
  await fetch(`${mock.url}/control/reset`, { method: 'POST' });
  const before = await ledger.reads.stats();
  console.log(`  fresh ${batch} queued; overview ${JSON.stringify(before.by_status)}`);

  started = performance.now();
  if (processor) await processor.restart();
  else processor = await startApp('processor', processorEnv, join(dir, 'processor.log'));
  console.log(`  processor ready after ${seconds(started)} s`);
  const samples = await sampleUntilDone(ledger, fresh.campaignId, batch, timeoutMs);
  const last = samples.at(-1)!;
  const steady = steadyRate(samples, batch);
  const mockStats = (await (await fetch(`${mock.url}/stats`)).json()) as {
    requests: number;
    outcomes: Record<string, number>;
    duplicates: number;
  };
  const answers = await answerTimes(ledger, fresh.ids, 500);
  const bound = concurrency / (answers.meanMs / 1000);
  const callsEach = mockStats.requests / batch;
  const slowShare = (mockStats.outcomes.slow ?? 0) / mockStats.requests;
  console.log(
    `  N = ${size}: steady ${steady.rate.toFixed(1)}/s (10% at ${steady.from.toFixed(1)} s, 90% at ${steady.to.toFixed(1)} s)`,
  );
  console.log(
    `    all terminal: ${last.terminal === batch} after ${last.t.toFixed(1)} s; final ${JSON.stringify(last.counts)}`,
  );
  console.log(
    `    mock: ${mockStats.requests} calls (${callsEach.toFixed(2)} per notification), duplicates ${mockStats.duplicates}, ${JSON.stringify(mockStats.outcomes)}`,
  );
  console.log(
    `    mean answer ${answers.meanMs.toFixed(0)} ms (${answers.attempts} attempts of ${answers.docs} read by id; slow share ${(100 * slowShare).toFixed(1)}% x 5 s = ${(slowShare * 5000).toFixed(0)} ms)`,
  );
  console.log(
    `    bound ${concurrency} / mean answer = ${bound.toFixed(1)} calls/s = ${(bound / callsEach).toFixed(1)} deliveries/s; steady = ${((100 * steady.rate * callsEach) / bound).toFixed(0)}% of it`,
  );
  const after = await ledger.reads.stats();
  console.log(`  overview after: ${JSON.stringify(after.by_status)}`);
  stored = size + batch;
}
if (processor) await processor.process.stop(25_000);
await queue.close();
await ledger.close();
client.disconnect();
await connection.close();
await mock.process.stop();
await Promise.all([redis.stop(), mongo.stop()]);
console.log(`logs in ${dir}`);
