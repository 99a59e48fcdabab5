/**
 * `npm start`: the whole platform on this machine, no Docker needed, supervised: a child that
 * exits is reported in one line and started again (see stack/supervisor.ts). Uses MONGODB_URI
 * and REDIS_URL when set; otherwise runs a private redis-server and FerretDB (built once on
 * first use) with their data under .local/ (LOCAL_DATA_DIR), so restarts keep what was
 * accepted. `npm start -- --no-dashboard` skips the dashboard build.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  startFerretDb,
  startRedis,
  type MongoWireServer,
  type ServerOptions,
} from './stack/infrastructure';
import { localBanner } from './stack/local-banner';
import { localSecrets } from './stack/local-secrets';
import { startApp, type AppName } from './stack/platform';
import { restartableChild } from './stack/restartable-child';
import { LOCAL_RESTART_POLICY, supervise } from './stack/supervisor';
import { formatLogLine, formatOwnLine } from './stack/terminal-log';

const root = resolve(import.meta.dirname, '..');
const dataDir = resolve(process.env.LOCAL_DATA_DIR ?? join(root, '.local'));
const colors = Boolean(process.stdout.isTTY);
const say = (line: string) => console.log(formatOwnLine(line, colors));
const secrets = localSecrets(dataDir);
for (const dir of ['redis', 'ferretdb']) mkdirSync(join(dataDir, dir), { recursive: true });
const withDashboard = !process.argv.includes('--no-dashboard');

// The api serves the built dashboard at /; a build takes a few seconds.
if (withDashboard) {
  say('building the dashboard…');
  execFileSync('npm', ['run', 'build', '-w', '@notify/dashboard'], { cwd: root, stdio: 'ignore' });
}

type Server = Pick<MongoWireServer, 'process' | 'restart'>;
const logLines = (name: AppName) => (line: string) =>
  console.log(formatLogLine(name, line, colors));
/** Each app is killed past its own shutdown deadline (its grace + 5 s). */
const app = (name: AppName, stopGraceMs: number, env: () => Record<string, string>) =>
  restartableChild(
    name,
    stopGraceMs,
    () => startApp(name, env(), logLines(name), { detached: true }),
    (handle) => handle.process,
  );
const server = <T extends Server>(name: string, start: (options: ServerOptions) => Promise<T>) =>
  restartableChild(
    name,
    10_000,
    () =>
      start({
        dir: join(dataDir, name),
        output: join(dataDir, `${name}.log`),
        detached: true,
      }),
    (handle) => handle.process,
  );

const redis = process.env.REDIS_URL ? null : server('redis', startRedis);
// FerretDB (and its one-time build) only when there is no MongoDB of the user's own.
const mongo = process.env.MONGODB_URI ? null : server('ferretdb', startFerretDb);
const redisUrl = () => process.env.REDIS_URL || redis!.current().url;
const mongoUri = () =>
  process.env.MONGODB_URI || new URL('/notify', mongo!.current().uri).toString();
// mock-api's SMTP sink, where the SMTP provider sends unless SMTP_HOST/SMTP_PORT say otherwise.
const smtpSinkPort = process.env.MOCK_SMTP_PORT || '2525';
// mock-api's second simulated provider (flaky-b), for SMS_PROVIDERS=flaky,flaky-b.
const flakyBPort = process.env.MOCK_FLAKY_B_PORT || '1338';
const mockApi = app('mock-api', 10_000, () => ({
  PORT: process.env.MOCK_API_PORT ?? '1337',
  MOCK_SMTP_PORT: smtpSinkPort,
  MOCK_FLAKY_B_PORT: flakyBPort,
  MOCK_EMAIL_USERNAME: secrets.emailApi.username,
  MOCK_EMAIL_PASSWORD: secrets.emailApi.password,
}));
const api = app('api', 15_000, () => ({
  MONGODB_URI: mongoUri(),
  REDIS_URL: redisUrl(),
  PORT: process.env.API_PORT ?? '3000',
  API_KEYS: process.env.API_KEYS ?? secrets.apiKeys,
  ...(withDashboard ? { DASHBOARD_DIR: resolve(root, 'dashboard/dist') } : {}),
}));
const processor = app('processor', 25_000, () => ({
  MONGODB_URI: mongoUri(),
  REDIS_URL: redisUrl(),
  PORT: process.env.PROCESSOR_PORT ?? '3001',
  MOCK_API_URL: mockApi.current().url,
  EMAIL_API_URL: mockApi.current().url,
  EMAIL_API_USERNAME: secrets.emailApi.username,
  EMAIL_API_PASSWORD: secrets.emailApi.password,
  SMTP_PORT: process.env.SMTP_PORT ?? smtpSinkPort,
  FLAKY_B_URL: process.env.FLAKY_B_URL ?? `http://127.0.0.1:${flakyBPort}`,
  CAMPAIGN_TOKEN_SECRET: secrets.tokenSecret,
}));

const supervisor = supervise(
  [[redis, mongo].filter((child) => child !== null), [mockApi], [api, processor]],
  LOCAL_RESTART_POLICY,
  say,
);

/**
 * One Ctrl-C can arrive more than once (npm, tsx and timeout relay it to their child and to
 * its process group); repeats within half a second are that same keypress.
 */
const SAME_KEYPRESS_MS = 500;
let firstSignalAt: number | null = null;
const onSignal = () => {
  if (firstSignalAt === null) {
    firstSignalAt = Date.now();
    say('stopping… (Ctrl-C again to kill everything at once)');
    void supervisor.stop();
    return;
  }
  if (Date.now() - firstSignalAt < SAME_KEYPRESS_MS) return;
  say('killing everything');
  supervisor.kill();
  process.exit(1);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

try {
  await supervisor.start();
} catch (error) {
  say(`✗ could not start: ${(error as Error).message}`);
  await supervisor.stop();
  process.exit(1);
}
if (firstSignalAt === null)
  console.log(
    localBanner({
      api: api.current().url,
      processor: processor.current().url,
      mockApi: mockApi.current().url,
      smtpSinkPort,
      apiKey: secrets.apiKey,
      dataDir,
      dashboard: withDashboard,
      mongo: `${mongoUri()}${mongo ? ` (FerretDB, data in ${dataDir}/ferretdb)` : ''}`,
      redis: `${redisUrl()}${redis ? ` (data in ${dataDir}/redis)` : ''}`,
    }),
  );
process.exit(await supervisor.done);
