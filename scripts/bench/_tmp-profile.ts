/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Benchmark: the dashboard open in Debian's chromium while status changes stream in.
 * Publishes RATE synthetic status events a second (as processors would) for DURATION s to
 * a real api, and measures in the page: the longest main-thread task (Long Tasks API),
 * event-loop lag (a 50 ms timer's lateness), and event-to-screen latency (a marker row per
 * second: publish time → row in the DOM). Usage: tsx scripts/bench/dashboard-live.ts [rate] [seconds]
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { v7 as uuidv7 } from 'uuid';
import { eventsChannel, NOTIFICATION_STATUSES, type NotificationSummary } from '@notify/shared';
import { launchChromium } from '../../test/support/browser';
import { startFerretDb, startRedis } from '../stack/infrastructure';
import { startApp } from '../stack/platform';

const RATE = Number(process.argv[2] ?? 200);
const DURATION_S = Number(process.argv[3] ?? 60);
const root = resolve(import.meta.dirname, '../..');

if (!process.env.BENCH_DIST) execFileSync('npm', ['run', 'build', '-w', '@notify/dashboard'], { cwd: root, stdio: 'ignore' });
const apiKey = `nk_bench_${randomBytes(16).toString('hex')}`;
const [redis, mongo] = await Promise.all([startRedis(), startFerretDb()]);
const api = await startApp(
  'api',
  {
    MONGODB_URI: new URL('/bench', mongo.uri).toString(),
    REDIS_URL: redis.url,
    DASHBOARD_DIR: process.env.BENCH_DIST ?? resolve(root, 'dashboard/dist'),
    API_KEYS: `bench:read:${createHash('sha256').update(apiKey).digest('hex')}`,
    LOG_LEVEL: 'warn',
  },
  'ignore',
);
const publisher = new Redis(redis.url);
const channel = eventsChannel('notify');

const browser = await launchChromium();
const page = await browser.newPage();
await page.addInitScript(() => {
  const w = window as unknown as {
    bench: { longTasks: number[]; lags: number[]; seen: Map<string, number> };
  };
  w.bench = { longTasks: [], lags: [], seen: new Map() };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) w.bench.longTasks.push(entry.duration);
    for (const entry of list.getEntries()) (w.bench as unknown as {at: number[]}).at = [...((w.bench as unknown as {at?: number[]}).at ?? []), Math.round(entry.startTime), Math.round(entry.duration)];
  }).observe({ type: 'longtask', buffered: true });
  let expected = performance.now() + 50;
  setInterval(() => {
    w.bench.lags.push(Math.max(0, performance.now() - expected));
    expected = performance.now() + 50;
  }, 50);
  new MutationObserver(() => {
    for (const row of document.querySelectorAll('tr[data-id*="-marker-"]')) {
      const id = row.getAttribute('data-id')!;
      if (!w.bench.seen.has(id)) w.bench.seen.set(id, Date.now());
    }
  }).observe(document, { subtree: true, childList: true });
});
await page.goto(`${api.url}/#key=${apiKey}`);
await page.getByTestId('connection').filter({ hasText: 'live' }).waitFor();

const pool: NotificationSummary[] = [];
const summary = (id: string): NotificationSummary => ({
  id,
  type: Math.random() < 0.5 ? 'sms' : 'email',
  recipient: `+1415555${String(pool.length % 10_000).padStart(4, '0')}`,
  campaign_id: randomUUID(),
  status: 'queued',
  attempt_count: 0,
  last_error: null,
  created_at: new Date().toISOString(),
  updated_at: new Date().toISOString(),
});
const publish = (row: NotificationSummary) =>
  publisher.publish(channel, JSON.stringify({ kind: 'notification.status', notification: row }));

const markers = new Map<string, number>();
let published = 0;
const started = Date.now();
// Ticks of 10 ms, each publishing its share, so the stream is smooth rather than bursty.
for (let tick = 0; Date.now() - started < DURATION_S * 1000; tick++) {
  const due = Math.floor(((Date.now() - started) / 1000) * RATE) - published;
  for (let i = 0; i < due; i++) {
    const fresh = pool.length < 1000 && Math.random() < 0.2;
    const row =
      fresh || pool.length === 0
        ? summary(uuidv7())
        : pool[Math.floor(Math.random() * pool.length)]!;
    if (fresh || pool.length === 0) pool.push(row);
    row.status = NOTIFICATION_STATUSES[Math.floor(Math.random() * NOTIFICATION_STATUSES.length)]!;
    row.attempt_count += 1;
    row.updated_at = new Date().toISOString();
    void publish({ ...row });
    published += 1;
  }
  if (tick % 100 === 0) {
    // A marker: an id that sorts after every other, so it must appear on top of page one.
    const id = `ffffffff-marker-${String(tick).padStart(8, '0')}`;
    markers.set(id, Date.now());
    void publish({ ...summary(id) });
  }
  await new Promise((r) => setTimeout(r, 10));
}
const elapsedS = (Date.now() - started) / 1000;
// Let the last pushes land before reading the page's measurements.
await new Promise((r) => setTimeout(r, 1500));

const result = await page.evaluate(() => {
  const w = window as unknown as {
    bench: { longTasks: number[]; lags: number[]; seen: Map<string, number> };
  };
  console.log(JSON.stringify((w.bench as unknown as {at: number[]}).at));
  return { at: (w.bench as unknown as {at: number[]}).at, longTasks: w.bench.longTasks, lags: w.bench.lags, seen: [...w.bench.seen.entries()] };
});
const seen = new Map(result.seen);
const latencies = [...markers.entries()].flatMap(([id, at]) =>
  seen.has(id) ? [seen.get(id)! - at] : [],
);
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN,
  );
};
console.log(
  JSON.stringify(
    {
      at: result.at,
      rate: RATE,
      seconds: DURATION_S,
      published,
      achievedRate: Math.round(published / elapsedS),
      longestTaskMs: Math.round(Math.max(0, ...result.longTasks)),
      longTasks: result.longTasks.length,
      eventLoopLagMs: {
        p50: pct(result.lags, 50),
        p99: pct(result.lags, 99),
        max: Math.round(Math.max(...result.lags)),
      },
      markerLatencyMs: {
        seen: latencies.length,
        of: markers.size,
        p50: pct(latencies, 50),
        p95: pct(latencies, 95),
        max: Math.max(...latencies),
      },
    },
    null,
    2,
  ),
);
await browser.close();
publisher.disconnect();
await api.process.stop();
await Promise.all([redis.stop(), mongo.stop()]);
