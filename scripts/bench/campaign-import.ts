/**
 * Benchmark: importing a large campaign CSV. Generates ROWS rows (1% invalid, 1% repeated
 * addresses) into a temp file, starts Redis, the MongoDB-wire server and the api as its own
 * process (no processor: the import is measured, not the sending), uploads the file as a
 * browser would, and samples the api's resident memory every 100 ms from /proc while it
 * reads. Usage: tsx scripts/bench/campaign-import.ts [rows]
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, openAsBlob, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { campaignViewSchema } from '@notify/shared';
import { databaseUri, startMongoWire, startRedis } from '../stack/infrastructure';
import { startApp } from '../stack/platform';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'notify-import-bench-'));
const csvPath = join(dir, 'list.csv');

async function writeList() {
  const out = createWriteStream(csvPath);
  out.write('email\n');
  let chunk = '';
  for (let i = 1; i <= ROWS; i += 1) {
    // Every 100th row is invalid; every 100th + 1 repeats the address two rows before it.
    const row =
      i % 100 === 0
        ? `not-an-address-${i}`
        : i % 100 === 1 && i > 100
          ? `reader${i - 2}@example.com`
          : `reader${i}@example.com`;
    chunk += `${row}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

/** Resident set size of a process in MiB, read from the kernel (no sampling library). */
const rssMiB = (pid: number) => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
};

await writeList();
const sizeMiB = statSync(csvPath).size / 2 ** 20;
const apiKey = `nk_bench_${randomBytes(16).toString('hex')}`;
const [redis, mongo] = await Promise.all([startRedis(), startMongoWire()]);
const api = await startApp(
  'api',
  {
    MONGODB_URI: databaseUri(mongo.uri, `bench-import-${randomBytes(3).toString('hex')}`),
    REDIS_URL: redis.url,
    API_KEYS: `bench:read+write:${createHash('sha256').update(apiKey).digest('hex')}`,
    CAMPAIGN_MAX_BYTES: String(1 << 30),
    LOG_LEVEL: 'warn',
  },
  join(dir, 'api.log'),
);
const pid = api.process.child.pid!;
const samples: { at: number; rss: number }[] = [];
const started = performance.now();
const sampler = setInterval(
  () => samples.push({ at: performance.now() - started, rss: rssMiB(pid) }),
  100,
);
const idle = rssMiB(pid);

const form = new FormData();
form.append('name', `bench ${ROWS} rows`);
form.append('file', await openAsBlob(csvPath, { type: 'text/csv' }), 'list.csv');
const response = await fetch(`${api.url}/api/v1/campaigns`, {
  method: 'POST',
  headers: { authorization: `Bearer ${apiKey}` },
  body: form,
});
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const body: unknown = await response.json();
if (response.status !== 201)
  throw new Error(`upload answered ${response.status}: ${JSON.stringify(body)}`);
const campaign = campaignViewSchema.parse(body);

// Read again: the answer's counts must be the stored ones, and every row must be counted.
const reread = campaignViewSchema.parse(
  await (
    await fetch(`${api.url}/api/v1/campaigns/${campaign.id}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    })
  ).json(),
);
if (reread.rows_read !== ROWS || campaign.rows_read !== ROWS)
  console.error(`rows counted: ${campaign.rows_read} in the answer, ${reread.rows_read} stored`);

const peak = Math.max(...samples.map((s) => s.rss));
const at = (fraction: number) =>
  samples[Math.min(samples.length - 1, Math.floor(samples.length * fraction))]?.rss ?? Number.NaN;
const mib = (n: number) => `${n.toFixed(0)} MiB`;
console.log(`api log: ${join(dir, 'api.log')}`);
console.log(
  [
    `rows: ${ROWS.toLocaleString('en')} (${sizeMiB.toFixed(1)} MiB file)`,
    `counts: read ${campaign.rows_read}, valid ${campaign.valid}, invalid ${campaign.invalid}, duplicates ${campaign.duplicates}, queued ${campaign.queued}`,
    `time: ${seconds.toFixed(1)} s, ${Math.round(ROWS / seconds).toLocaleString('en')} rows/s`,
    `api RSS: idle ${mib(idle)}, at 25/50/75/100% of the upload ${[0.25, 0.5, 0.75, 1].map((f) => mib(at(f))).join(' / ')}, peak ${mib(peak)}`,
  ].join('\n'),
);
await api.process.stop();
await Promise.all([redis.stop(), mongo.stop()]);
