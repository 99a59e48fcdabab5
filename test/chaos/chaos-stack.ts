import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { expect } from 'vitest';
import {
  acceptedNotificationSchema,
  eventsChannel,
  statusEventSchema,
  type StatusEvent,
} from '@notify/shared';
import { notificationModel } from '@notify/shared/ledger/inspect';
import { databaseUri, startFerretDb, startRedis } from '../../scripts/stack/infrastructure';
import { FLAKY_ONLY_ENV, startApp, startPlatform } from '../../scripts/stack/platform';
import { buildNotification } from '../support/build-notification';
import { authHeaders, TEST_API_KEYS_ENTRY } from '../support/test-env';

export interface MockStats {
  requests: number;
  inFlight: number;
  /** Requests whose caller hung up before the answer: a killed processor's in-flight ones. */
  abandoned: number;
  delivered: number;
  unique: number;
  duplicates: number;
}

/**
 * The production processes on servers of this test's own (it stops and kills them), with
 * the provider's real odds and 5 s slow path; only its 30 s retry hint is cut to 1 s and the
 * reconciler made eager, so a run takes a minute or two instead of ten.
 */
export async function startChaosStack(
  label: string,
  processorEnv: Record<string, string> = {},
  /** Extra environment for the api and mock-api (a provider chain, a second provider's port). */
  appEnv: { api?: Record<string, string>; 'mock-api'?: Record<string, string> } = {},
) {
  const logs = mkdtempSync(join(tmpdir(), `notify-chaos-${label}-`));
  const [redis, mongo] = await Promise.all([
    startRedis({ output: join(logs, 'redis.log') }),
    startFerretDb({ output: join(logs, 'ferretdb.log') }),
  ]);
  const mongoUri = databaseUri(mongo.uri, 'chaos');
  const processorSettings = {
    WORKER_CONCURRENCY: '100',
    RECONCILE_STALE_MS: '5000',
    RECONCILE_INTERVAL_MS: '2000',
    LOG_LEVEL: 'info',
    ...FLAKY_ONLY_ENV,
    ...processorEnv,
  };
  const platform = await startPlatform({
    mongoUri,
    redisUrl: redis.url,
    env: {
      'mock-api': { MOCK_RETRY_AFTER_SECONDS: '1', LOG_LEVEL: 'warn', ...appEnv['mock-api'] },
      api: {
        API_KEYS: TEST_API_KEYS_ENTRY,
        ...FLAKY_ONLY_ENV,
        MONGODB_TIMEOUT_MS: '1000',
        RATE_LIMIT_PER_SECOND: '100000',
        ...appEnv.api,
      },
      processor: processorSettings,
    },
    output: (name) => join(logs, `${name}.log`),
  });
  const db = await mongoose.createConnection(mongoUri).asPromise();
  const notifications = notificationModel(db);
  const events: { at: number; event: StatusEvent }[] = [];
  const subscriber = new Redis(redis.url, { maxRetriesPerRequest: null });
  await subscriber.subscribe(eventsChannel('notify'));
  subscriber.on('message', (_c, payload: string) =>
    events.push({ at: Date.now(), event: statusEventSchema.parse(JSON.parse(payload)) }),
  );

  const post = async (body = buildNotification()) => {
    const response = await fetch(`${platform.api.url}/api/v1/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders },
      body: JSON.stringify(body),
    });
    const id =
      response.status === 202 ? acceptedNotificationSchema.parse(await response.json()).id : null;
    return { status: response.status, retryAfter: response.headers.get('retry-after'), id };
  };

  return {
    logs,
    redis,
    mongo,
    platform,
    notifications,
    events,
    post,
    /** Posts `count` notifications, `concurrency` at a time; returns the accepted ids. */
    async postMany(count: number, concurrency = 20) {
      const ids: string[] = [];
      for (let i = 0; i < count; i += concurrency) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(concurrency, count - i) }, () => post()),
        );
        for (const result of batch) {
          expect(result.status).toBe(202);
          ids.push(result.id!);
        }
      }
      return ids;
    },
    mockStats: async () =>
      (await (await fetch(`${platform.mockApi.url}/stats`)).json()) as MockStats,
    mockMode: (outcome: string | null) =>
      fetch(`${platform.mockApi.url}/control/mode`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ outcome }),
      }),
    counts: async () => {
      const rows = await notifications.aggregate<{ _id: string; n: number }>([
        { $group: { _id: '$status', n: { $sum: 1 } } },
      ]);
      return Object.fromEntries(rows.map((r) => [r._id, r.n])) as Record<string, number>;
    },
    /** Waits until every stored notification is sent or failed; returns how long it took. */
    async waitAllTerminal(timeoutMs: number) {
      const started = Date.now();
      await expect
        .poll(
          () =>
            notifications.countDocuments({ status: { $in: ['queued', 'processing', 'retrying'] } }),
          { timeout: timeoutMs, interval: 1000 },
        )
        .toBe(0);
      return Date.now() - started;
    },
    startExtra: (name: 'api' | 'processor', env: Record<string, string>) =>
      startApp(
        name,
        {
          MONGODB_URI: mongoUri,
          REDIS_URL: redis.url,
          MOCK_API_URL: platform.mockApi.url,
          ...FLAKY_ONLY_ENV,
          CAMPAIGN_TOKEN_SECRET: platform.processor.env.CAMPAIGN_TOKEN_SECRET!,
          ...env,
        },
        join(logs, `${name}-extra.log`),
      ),
    async stop() {
      subscriber.disconnect();
      await db.close();
      await platform.stop();
      await Promise.all([redis.stop(), mongo.stop()]);
    },
  };
}
export type ChaosStack = Awaited<ReturnType<typeof startChaosStack>>;

/** A figure for docs/reliability.md, printed in one greppable line. */
export const report = (scenario: string, figures: Record<string, unknown>) =>
  console.log(`RELIABILITY ${scenario} ${JSON.stringify(figures)}`);
