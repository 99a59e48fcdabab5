/**
 * Benchmark: the campaign cursor feeding the e-mail API's queue at the provider's pace.
 * Starts Redis, the MongoDB-wire server, mock-api (authenticated e-mail API, no failures,
 * MOCK_RATE per second), the api and one processor (default WORKER_CONCURRENCY), uploads a
 * CSV of ROWS distinct valid addresses, then samples every second for SECONDS: the provider
 * queue's job counts, Redis used_memory and the campaign view. The old design queued one job
 * per row; the cursor should hold one to two chunks (1,000 each) whatever the file's size.
 * Usage: npx tsx scripts/bench/campaign-feed.ts [rows=100000] [seconds=60]
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { campaignViewSchema, deliveryQueueName } from '@notify/shared';
import { databaseUri, startMongoWire, startRedis } from '../stack/infrastructure';
import { startPlatform } from '../stack/platform';

const ROWS = Number(process.argv[2] ?? 100_000);
const SECONDS = Number(process.argv[3] ?? 60);
const PREFIX = 'bench';
// The mock admits 200 per second; the processor asks for 150 per (1 s + its 250 ms margin).
const MOCK_RATE = 200;
const PROCESSOR_RATE = 150;
const dir = mkdtempSync(join(tmpdir(), 'notify-feed-bench-'));
const apiKey = `nk_bench_${randomBytes(16).toString('hex')}`;
const auth = { authorization: `Bearer ${apiKey}` };
const email = { username: 'bench-mailer', password: randomBytes(18).toString('base64url') };

const [redis, mongo] = await Promise.all([startRedis(), startMongoWire()]);
const platform = await startPlatform({
  mongoUri: databaseUri(mongo.uri, `bench-feed-${randomBytes(3).toString('hex')}`),
  redisUrl: redis.url,
  output: (name) => join(dir, `${name}.log`),
  env: {
    'mock-api': {
      LOG_LEVEL: 'warn',
      MOCK_EMAIL_USERNAME: email.username,
      MOCK_EMAIL_PASSWORD: email.password,
      MOCK_EMAIL_RATE_MAX: String(MOCK_RATE),
      MOCK_EMAIL_RATE_WINDOW_MS: '1000',
      MOCK_EMAIL_ERROR_PERCENT: '0',
    },
    api: {
      QUEUE_PREFIX: PREFIX,
      API_KEYS: `bench:read+write:${createHash('sha256').update(apiKey).digest('hex')}`,
      EMAIL_PROVIDER: 'email-api',
      LOG_LEVEL: 'warn',
    },
    processor: {
      QUEUE_PREFIX: PREFIX,
      EMAIL_API_USERNAME: email.username,
      EMAIL_API_PASSWORD: email.password,
      EMAIL_API_RATE_MAX: String(PROCESSOR_RATE),
      EMAIL_API_RATE_WINDOW_MS: '1000',
      LOG_LEVEL: 'warn',
    },
  },
});
const client = new Redis(redis.url, { maxRetriesPerRequest: null });
const queue = new Queue(deliveryQueueName('email-api'), { connection: client, prefix: PREFIX });
const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await client.info('memory'))?.[1]);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const campaignView = async (id: string) =>
  campaignViewSchema.parse(
    await (await fetch(`${platform.api.url}/api/v1/campaigns/${id}`, { headers: auth })).json(),
  );

const idleMemory = await usedMemory();
let csv = 'email\n';
for (let i = 1; i <= ROWS; i += 1) csv += `reader${i}@example.com\n`;
const form = new FormData();
form.append('name', `feed bench ${ROWS} rows`);
form.append('file', new Blob([csv], { type: 'text/csv' }), 'list.csv');
const uploadStarted = performance.now();
const response = await fetch(`${platform.api.url}/api/v1/campaigns`, {
  method: 'POST',
  headers: auth,
  body: form,
});
const importSeconds = (performance.now() - uploadStarted) / 1000;
const body: unknown = await response.json();
if (response.status !== 201)
  throw new Error(`upload answered ${response.status}: ${JSON.stringify(body)}`);
const campaign = campaignViewSchema.parse(body);
const importedMemory = await usedMemory();

interface Sample {
  t: number;
  held: number;
  finishedKept: number;
  memory: number;
  sent: number;
  inProgress: number;
  notDispatched: number;
}
const samples: Sample[] = [];
const started = performance.now();
for (let i = 0; i <= SECONDS; i += 1) {
  await new Promise((resolve) => setTimeout(resolve, started + i * 1000 - performance.now()));
  const [counts, memory, view] = await Promise.all([
    queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed'),
    usedMemory(),
    campaignView(campaign.id),
  ]);
  const held = ['waiting', 'prioritized', 'active', 'delayed'].reduce(
    (sum, state) => sum + (counts[state] ?? 0),
    0,
  );
  const sample = {
    t: (performance.now() - started) / 1000,
    held,
    finishedKept: (counts.completed ?? 0) + (counts.failed ?? 0),
    memory,
    sent: view.sent,
    inProgress: view.in_progress,
    notDispatched: view.not_dispatched,
  };
  samples.push(sample);
  if (i % 10 === 0)
    console.log(
      `  ${i} s: held ${held} jobs, sent ${view.sent}, in progress ${view.in_progress}, not dispatched ${view.not_dispatched}, used_memory ${mib(memory)}`,
    );
}

const first = samples[0]!;
const last = samples.at(-1)!;
// Steady rate: the first tenth of the run (token, first chunk) left out.
const from = samples[Math.floor(samples.length / 10)]!;
const rate = (last.sent - from.sent) / (last.t - from.t);
const maxHeld = Math.max(...samples.map((s) => s.held));
const meanHeld = samples.reduce((sum, s) => sum + s.held, 0) / samples.length;
const mock = (await (await fetch(`${platform.mockApi.url}/stats`)).json()) as {
  email: Record<string, number>;
};
console.log(
  [
    `logs: ${dir}`,
    `rows: ${ROWS.toLocaleString('en')}; valid ${campaign.valid}, queued ${campaign.queued} at import`,
    `import: ${importSeconds.toFixed(1)} s (${Math.round(ROWS / importSeconds).toLocaleString('en')} rows/s)`,
    `jobs held in Redis (waiting+prioritized+active+delayed): max ${maxHeld}, mean ${meanHeld.toFixed(0)} over ${samples.length} samples; finished jobs kept at end ${last.finishedKept}`,
    `Redis used_memory: idle ${mib(idleMemory)}, after import ${mib(importedMemory)}, max while feeding ${mib(Math.max(...samples.map((s) => s.memory)))}`,
    `sends: ${rate.toFixed(1)}/s steady (${from.t.toFixed(0)}–${last.t.toFixed(0)} s), ${last.sent} sent in ${last.t.toFixed(0)} s; limits: processor ${PROCESSOR_RATE}/1.25 s = ${(PROCESSOR_RATE / 1.25).toFixed(0)}/s, mock ${MOCK_RATE}/s`,
    `not_dispatched: ${first.notDispatched} at start, ${last.notDispatched} at end (in progress at end ${last.inProgress})`,
    `mock e-mail API: ${JSON.stringify(mock.email)}`,
    `max jobs held ${maxHeld} vs ${ROWS.toLocaleString('en')} in the old design (one per row): ${((100 * maxHeld) / ROWS).toFixed(2)}%`,
  ].join('\n'),
);
await queue.close();
client.disconnect();
await platform.stop();
await Promise.all([redis.stop(), mongo.stop()]);
