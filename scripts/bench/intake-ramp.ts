/**
 * Intake alone vs bare Express, in one run: starts Redis, FerretDB and the api (no processor,
 * so nothing else writes), warms each target up for 5 s at 200/s (not counted), drives both
 * through the same constant-rate steps with the loadtest's k6 script, then holds 64 VUs
 * against the api. Prints one line per step and target.
 *
 *   npx tsx scripts/bench/intake-ramp.ts 200,400,800,1200,1600,2400 10
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { startBareExpress } from '../../loadtest/bare-express';
import { startFerretDb, startRedis } from '../stack/infrastructure';
import { startApp } from '../stack/platform';
import { ensureTool } from '../tools/ensure-tool';

const rates = (process.argv[2] ?? '200,400,800,1200,1600,2400').split(',');
const stepSeconds = process.argv[3] ?? '10';
const script = resolve(import.meta.dirname, '../../loadtest/k6/ingest.js');
const k6 = ensureTool('k6');
const dir = mkdtempSync(join(tmpdir(), 'intake-ramp-'));
const apiKey = `nk_bench_${randomBytes(16).toString('hex')}`;

type Metrics = Record<string, { values: Record<string, number> }>;

/** One k6 run; extra CLI arguments (e.g. --vus) replace the script's scenarios. */
async function k6Run(name: string, env: Record<string, string>, args: string[] = []) {
  const summary = join(dir, `${name}.json`);
  await new Promise<void>((done, fail) => {
    const child = spawn(k6, ['run', '--quiet', ...args, script], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, ...env, API_KEY: apiKey, SUMMARY_PATH: summary },
    });
    child.on('error', fail);
    child.on('exit', () => done());
  });
  return (JSON.parse(readFileSync(summary, 'utf8')) as { metrics: Metrics }).metrics;
}

const value = (metrics: Metrics, key: string, stat: string) => metrics[key]?.values[stat] ?? 0;

function printSteps(name: string, metrics: Metrics) {
  for (const rate of rates) {
    const tag = `{scenario:r${rate}}`;
    const count = value(metrics, `http_reqs${tag}`, 'count');
    const p99 = value(metrics, `http_req_duration${tag}`, 'p(99)');
    const failed = value(metrics, `http_req_failed${tag}`, 'rate');
    const held = p99 < 100 && failed < 0.001;
    console.log(
      `${name} ${rate}/s: ${count} requests (${(count / Number(stepSeconds)).toFixed(0)}/s), ` +
        `p99 ${p99.toFixed(1)} ms, errors ${(failed * 100).toFixed(2)}%${held ? '' : '  NOT HELD'}`,
    );
  }
}

const [redis, mongo] = await Promise.all([startRedis(), startFerretDb()]);
const api = await startApp(
  'api',
  {
    MONGODB_URI: new URL('/intake', mongo.uri).toString(),
    REDIS_URL: redis.url,
    API_KEYS: `bench:read+write:${createHash('sha256').update(apiKey).digest('hex')}`,
    // One key sends everything; the bench measures the intake path, not the limiter.
    RATE_LIMIT_PER_SECOND: '1000000',
  },
  join(dir, 'api.log'),
);
const bare = await startBareExpress();
console.log(`k6 ${k6}; results and api log in ${dir}`);
const ramp = { MODE: 'ramp', RATES: rates.join(','), STEP_SECONDS: stepSeconds };
for (const [name, target] of [
  ['bare-express', bare.url],
  ['intake', api.url],
] as const) {
  // Untimed: the first seconds of a fresh process (JIT, lazily loaded modules, connection
  // pools) would otherwise land in whichever step comes first.
  await k6Run(`${name}-warm-up`, {
    MODE: 'ramp',
    RATES: '200',
    STEP_SECONDS: '5',
    TARGET: target,
    CAMPAIGN_ID: randomUUID(),
  });
  printSteps(name, await k6Run(name, { ...ramp, TARGET: target, CAMPAIGN_ID: randomUUID() }));
}
const vus = await k6Run(
  'intake-64-vus',
  {
    MODE: 'ramp',
    TARGET: api.url,
    RATES: '1',
    CAMPAIGN_ID: randomUUID(),
  },
  ['--vus', '64', '--duration', '20s'],
);
const count = value(vus, 'http_reqs', 'count');
console.log(
  `intake 64 VUs 20 s: ${count} requests (${(count / 20).toFixed(0)}/s), ` +
    `p50 ${value(vus, 'http_req_duration', 'med').toFixed(1)} ms, ` +
    `p99 ${value(vus, 'http_req_duration', 'p(99)').toFixed(1)} ms, ` +
    `errors ${(value(vus, 'http_req_failed', 'rate') * 100).toFixed(3)}% ` +
    `(${value(vus, 'http_req_failed', 'passes')} failed)`,
);
await bare.stop();
await api.process.stop();
await Promise.all([redis.stop(), mongo.stop()]);
console.log(`k6 on PATH for reruns: ${dirname(k6)}`);
