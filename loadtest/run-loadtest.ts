/**
 * `npm run loadtest`: brings up Redis, FerretDB, mock-api, api and processor on this machine,
 * then (1) holds the floor, 240 requests/min for 2 min, with the full pipeline delivering;
 * (2) waits until every accepted notification is sent or failed and reports delivery;
 * (3) ramps a bare Express endpoint and our intake through the same rates to find the highest
 * each sustains (p99 < 100 ms, < 0.1% errors). Results: loadtest/results/<time>/.
 * `--smoke` (CI): 30 s of the floor and the delivery check only; exits 1 on any breach.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { startFerretDb, startRedis } from '../scripts/stack/infrastructure';
import { ensureTool } from '../scripts/tools/ensure-tool';
import { FLAKY_ONLY_ENV, startPlatform } from '../scripts/stack/platform';
import { startBareExpress } from './bare-express';
import { deliveryReport } from './runner/delivery-report';
import { runK6, type K6Summary } from './runner/k6-run';
import { sampleProcesses } from './runner/process-sampler';
import { renderMarkdown } from './runner/render-markdown';

const smoke = process.argv.includes('--smoke');
const root = resolve(import.meta.dirname, '..');
const resultsDir = join(root, 'loadtest/results', new Date().toISOString().replace(/[:.]/g, '-'));
mkdirSync(resultsDir, { recursive: true });
// k6 is built once into the tools cache by the first load test, the only command that needs
// it (FerretDB is built the same way by startFerretDb); runK6 finds it on the PATH.
process.env.PATH = `${dirname(ensureTool('k6'))}:${process.env.PATH}`;

const apiKey = `nk_load_${randomBytes(16).toString('hex')}`;
const [redis, mongo] = await Promise.all([startRedis(), startFerretDb()]);
const mongoUri = new URL('/loadtest', mongo.uri).toString();
const platform = await startPlatform({
  mongoUri,
  redisUrl: redis.url,
  env: {
    // The provider's real odds; in the smoke run only its 30 s retry hint is cut to 2 s so
    // CI waits minutes less for the unlucky ones.
    'mock-api': smoke ? { MOCK_RETRY_AFTER_SECONDS: '2' } : {},
    api: {
      API_KEYS: `loadtest:read+write:${createHash('sha256').update(apiKey).digest('hex')}`,
      // One key sends everything here; the ramp measures the intake path, not the limiter.
      RATE_LIMIT_PER_SECOND: '1000000',
      ...FLAKY_ONLY_ENV,
    },
    processor: { ...FLAKY_ONLY_ENV },
  },
  output: (name) => join(resultsDir, `${name}.log`),
});
const sampler = sampleProcesses({
  api: platform.api.process.child.pid!,
  processor: platform.processor.process.child.pid!,
});

const campaign = randomUUID();
const floor = await runK6(
  'floor',
  {
    MODE: 'floor',
    TARGET: platform.api.url,
    API_KEY: apiKey,
    CAMPAIGN_ID: campaign,
    DURATION: smoke ? '30s' : '2m',
  },
  resultsDir,
);
const floorUsage = sampler.window();
const delivery = await deliveryReport(
  mongoUri,
  campaign,
  platform.mockApi.url,
  (smoke ? 4 : 15) * 60_000,
);
const drainUsage = sampler.window();

const RATES = [100, 200, 400, 600, 800, 1200, 1600];
const ramps: Record<string, { summary: K6Summary; usage: ReturnType<typeof sampler.window> }> = {};
if (!smoke) {
  // Intake capacity alone: with the processor stopped, nothing else writes to the database.
  await platform.processor.process.stop();
  const bare = await startBareExpress();
  for (const [name, target] of [
    ['ramp-bare-express', bare.url],
    ['ramp-api', platform.api.url],
  ] as const) {
    sampler.window();
    const result = await runK6(
      name,
      {
        MODE: 'ramp',
        TARGET: target,
        API_KEY: apiKey,
        RATES: RATES.join(','),
        CAMPAIGN_ID: randomUUID(),
      },
      resultsDir,
    );
    ramps[name] = { summary: result.summary, usage: sampler.window() };
  }
  await bare.stop();
}
sampler.stop();

const report = {
  smoke,
  resultsDir,
  floor: floor.summary,
  floorUsage,
  delivery,
  drainUsage,
  ramps,
  rates: RATES,
};
const markdown = renderMarkdown(report);
writeFileSync(join(resultsDir, 'summary.md'), markdown);
writeFileSync(
  join(resultsDir, 'summary.json'),
  JSON.stringify({ ...report, floor: floor.summary.metrics, ramps: Object.keys(ramps) }, null, 2),
);
console.log(markdown);

await platform.stop();
await Promise.all([redis.stop(), mongo.stop()]);

const breaches = [
  floor.exitCode !== 0 && 'the floor run crossed a threshold',
  delivery.failed > 0 && `${delivery.failed} notifications failed`,
  delivery.provider.duplicates > 0 && `${delivery.provider.duplicates} duplicate deliveries`,
].filter(Boolean);
if (breaches.length > 0) {
  console.error(`load test breached: ${breaches.join('; ')}`);
  process.exit(1);
}
