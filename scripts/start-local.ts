/**
 * `npm start`: the whole platform on this machine, no Docker needed. Uses MONGODB_URI and
 * REDIS_URL when set; otherwise starts a private redis-server and FerretDB (MongoDB wire
 * protocol on SQLite) with their data under .local/, so restarts keep what was accepted.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startMongoWire, startRedis } from './stack/infrastructure';
import { startPlatform } from './stack/platform';

const root = resolve(import.meta.dirname, '..');
const dataDir = resolve(root, '.local');
mkdirSync(resolve(dataDir, 'redis'), { recursive: true });
mkdirSync(resolve(dataDir, 'ferretdb'), { recursive: true });

// A local read+write key, made once and kept in .local/ (git-ignored), so links keep working.
const keyFile = resolve(dataDir, 'api-key');
if (!existsSync(keyFile))
  writeFileSync(keyFile, `nk_local_${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
const apiKey = readFileSync(keyFile, 'utf8').trim();
const apiKeys = `local:read+write:${createHash('sha256').update(apiKey).digest('hex')}`;

/** A random secret made once and kept in .local/, so restarts see the same one. */
const localSecret = (name: string): string => {
  const file = resolve(dataDir, name);
  if (!existsSync(file))
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
};
// The local e-mail API (mock-api) and the processor share made-up credentials; campaign
// tokens stay derivable across restarts because the key is kept.
const emailApiEnv = { username: 'local-mailer', password: localSecret('email-api-password') };
const tokenSecret = localSecret('campaign-token-secret');

// The api serves the built dashboard at /; a build takes a few seconds.
console.log('building the dashboard…');
execFileSync('npm', ['run', 'build', '-w', '@notify/dashboard'], { cwd: root, stdio: 'ignore' });

const redis = process.env.REDIS_URL ? null : await startRedis({ dir: resolve(dataDir, 'redis') });
const mongo = process.env.MONGODB_URI
  ? null
  : await startMongoWire({
      dir: resolve(dataDir, 'ferretdb'),
      output: resolve(dataDir, 'ferretdb.log'),
    });
const mongoUri = process.env.MONGODB_URI ?? new URL('/notify', mongo!.uri).toString();
const redisUrl = process.env.REDIS_URL ?? redis!.url;

const platform = await startPlatform({
  mongoUri,
  redisUrl,
  env: {
    'mock-api': {
      PORT: process.env.MOCK_API_PORT ?? '1337',
      MOCK_EMAIL_USERNAME: emailApiEnv.username,
      MOCK_EMAIL_PASSWORD: emailApiEnv.password,
    },
    api: {
      PORT: process.env.API_PORT ?? '3000',
      DASHBOARD_DIR: resolve(root, 'dashboard/dist'),
      API_KEYS: process.env.API_KEYS ?? apiKeys,
    },
    processor: {
      PORT: process.env.PROCESSOR_PORT ?? '3001',
      EMAIL_API_USERNAME: emailApiEnv.username,
      EMAIL_API_PASSWORD: emailApiEnv.password,
      CAMPAIGN_TOKEN_SECRET: tokenSecret,
    },
  },
  output: () => 'inherit',
});

console.log(`
Notification platform is up.
  Dashboard  ${platform.api.url}/#key=${apiKey}
  API key    ${apiKey}   (read+write; kept in .local/api-key)
  API        ${platform.api.url}/api/v1/notifications
  Health     ${platform.api.url}/ready
  Processor  ${platform.processor.url}/ready
  Mock API   ${platform.mockApi.url}/stats
  MongoDB    ${mongoUri}${mongo ? ' (FerretDB, data in .local/ferretdb)' : ''}
  Redis      ${redisUrl}${redis ? ' (data in .local/redis)' : ''}

Try:
  curl -s -X POST ${platform.api.url}/api/v1/notifications -H 'content-type: application/json' \\
    -H 'authorization: Bearer ${apiKey}' \\
    -d '{"type":"sms","recipient":"+14155550123","message":"Hello","campaign_id":"0f8fad5b-d9cb-469f-a165-70867728950e"}'
A campaign (e-mails go through the local e-mail API at its real pace, 1 per 10 s):
  curl -s -X POST ${platform.api.url}/api/v1/campaigns -H 'authorization: Bearer ${apiKey}' \\
    -F file=@test/fixtures/campaigns/mailing_list.csv
Ctrl-C stops everything.
`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('stopping…');
  await platform.stop();
  await redis?.process.stop();
  await mongo?.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
