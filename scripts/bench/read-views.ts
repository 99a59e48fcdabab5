/**
 * What an operator's views cost as history grows: starts Redis, FerretDB and the api, preloads
 * notifications through the ledger (1% of them failed), and times sequential requests to the
 * overview and the first page of `status=failed` at each size.
 *
 *   npx tsx scripts/bench/read-views.ts 1000,100000 200
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFerretDb, startRedis } from '../stack/infrastructure';
import { startApp } from '../stack/platform';
import { preloadNotifications } from './preload-notifications';

const sizes = (process.argv[2] ?? '1000,100000').split(',').map(Number);
const requests = Number(process.argv[3] ?? 200);
const apiKey = `nk_bench_${randomBytes(16).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'read-views-'));

const [redis, mongo] = await Promise.all([startRedis(), startFerretDb()]);
const mongoUri = new URL('/views', mongo.uri).toString();
const api = await startApp(
  'api',
  {
    MONGODB_URI: mongoUri,
    REDIS_URL: redis.url,
    API_KEYS: `bench:read+write:${createHash('sha256').update(apiKey).digest('hex')}`,
    // Sequential reads from one key; the limiter is not what is measured.
    RATE_LIMIT_PER_SECOND: '1000000',
  },
  join(dir, 'api.log'),
);

async function time(path: string): Promise<string> {
  const durations: number[] = [];
  let items = 0;
  for (let i = 0; i < requests; i += 1) {
    const started = performance.now();
    const response = await fetch(`${api.url}${path}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    const body = (await response.json()) as { items?: unknown[] };
    durations.push(performance.now() - started);
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
    items = Array.isArray(body.items) ? body.items.length : items;
  }
  durations.sort((a, b) => a - b);
  const at = (q: number) =>
    durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]!;
  return `p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${at(1).toFixed(1)} ms (${items} rows)`;
}

let stored = 0;
for (const size of sizes) {
  const started = performance.now();
  const count = size - stored;
  await preloadNotifications({
    mongoUri,
    redisUrl: redis.url,
    count,
    failed: Math.ceil(count / 100),
  });
  stored = size;
  const seconds = (performance.now() - started) / 1000;
  console.log(`${size} stored (preload of ${count} took ${seconds.toFixed(1)} s)`);
  console.log(`  overview:        ${await time('/api/v1/overview')}`);
  const overview = await fetch(`${api.url}/api/v1/overview`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  console.log(`  overview body:   ${JSON.stringify(await overview.json()).slice(0, 200)}`);
  console.log(`  failed, page 1:  ${await time('/api/v1/notifications?status=failed')}`);
}
await api.process.stop();
await Promise.all([redis.stop(), mongo.stop()]);
console.log(`api log in ${dir}`);
