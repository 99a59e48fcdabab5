import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { acceptedNotificationSchema, statsSchema, type Channel } from '@notify/shared';
import {
  databaseUri,
  startFerretDb,
  type MongoWireServer,
} from '../../scripts/stack/infrastructure';
import { FLAKY_ONLY_ENV, startPlatform, type Platform } from '../../scripts/stack/platform';
import { buildNotification } from '../support/build-notification';
import { authHeaders, isolatedEnv } from '../support/test-env';

/** The sizes. CONCURRENT_INTAKE_COUNT shrinks a local run; CI runs the full size. */
const COUNT = Number(process.env.CONCURRENT_INTAKE_COUNT ?? 5000);
const CLIENTS = 64;
/** Posting: 64 clients against one api on SQLite; generous so a slow runner still finishes. */
const POST_TIMEOUT_MS = 60_000 + COUNT * 40;
/** Delivery: the provider's 20% answered after 5 s and 30% 429 (hint cut to 1 s) dominate. */
const DELIVERY_TIMEOUT_MS = 120_000 + COUNT * 100;

interface Answer {
  channel: Channel;
  recipient: string;
  status: number;
  retryAfter: string | null;
  id?: string;
}

/** A recipient of its own per request, so the provider's counts say which request it was. */
const recipientFor = (index: number, channel: Channel) =>
  channel === 'sms' ? `+1555${String(index).padStart(7, '0')}` : `concurrent-${index}@example.com`;

/**
 * 64 clients post at once while the processor delivers, all on the embedded store (FerretDB
 * on SQLite, whose writers contend for one lock): an answer is 202 (stored, so it is sent
 * exactly once) or 503 with Retry-After (not stored, so the client may resend), never 500.
 */
describe(`${CLIENTS} clients posting ${COUNT} notifications while they are delivered`, () => {
  let ferret: MongoWireServer;
  let platform: Platform;
  const answers: Answer[] = [];
  const logs = mkdtempSync(join(tmpdir(), 'notify-concurrent-'));

  beforeAll(async () => {
    // A FerretDB of its own: the embedded store whatever MONGODB_URI the run points at.
    ferret = await startFerretDb({ output: join(logs, 'ferretdb.log') });
    const env = isolatedEnv('concurrent');
    const mongoUri = databaseUri(ferret.uri, 'concurrent');
    const common = { QUEUE_PREFIX: env.QUEUE_PREFIX, ...FLAKY_ONLY_ENV, LOG_LEVEL: 'warn' };
    platform = await startPlatform({
      mongoUri,
      redisUrl: inject('redisUrl'),
      env: {
        // Only the provider's rate-limit hint is shortened (30 s → 1 s); its odds are real.
        'mock-api': { MOCK_RETRY_AFTER_SECONDS: '1', LOG_LEVEL: 'warn' },
        // The per-key limit is not under test: 64 clients share one key.
        api: { ...common, API_KEYS: env.API_KEYS, RATE_LIMIT_PER_SECOND: '100000' },
        processor: {
          ...common,
          // A fifth of the provider's answers take 5 s: 300 workers keep the drain of 5,000
          // to about half a minute (100 took ~100 s of the CI run).
          WORKER_CONCURRENCY: '300',
          RETRY_BASE_DELAY_MS: '200',
          RATE_LIMIT_JITTER_MS: '500',
        },
      },
      output: (name) => join(logs, `${name}.log`),
    });
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
    await ferret?.stop();
  });

  it(
    'answers every request 202 or 503 with Retry-After, never anything else',
    async () => {
      let next = 0;
      const client = async () => {
        for (let index = next++; index < COUNT; index = next++) {
          const channel: Channel = index % 2 ? 'email' : 'sms';
          const recipient = recipientFor(index, channel);
          const response = await fetch(`${platform.api.url}/api/v1/notifications`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...authHeaders },
            body: JSON.stringify(buildNotification({ type: channel, recipient })),
          });
          const answer: Answer = {
            channel,
            recipient,
            status: response.status,
            retryAfter: response.headers.get('retry-after'),
          };
          if (response.status === 202) {
            answer.id = acceptedNotificationSchema.parse(await response.json()).id;
          } else {
            await response.body?.cancel();
          }
          answers.push(answer);
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, client));

      expect(answers).toHaveLength(COUNT);
      const unexpected = answers.filter((a) => a.status !== 202 && a.status !== 503);
      expect(unexpected.map((a) => a.status)).toEqual([]);
      const unavailable = answers.filter((a) => a.status === 503);
      expect(unavailable.filter((a) => !/^\d+$/.test(a.retryAfter ?? ''))).toEqual([]);
      // Most must get through, or the test proves nothing about delivery.
      expect(answers.filter((a) => a.status === 202).length).toBeGreaterThan(COUNT / 2);
      console.log(
        `CONCURRENT_INTAKE ${JSON.stringify({ count: COUNT, accepted: COUNT - unavailable.length, unavailable: unavailable.length })}`,
      );
    },
    POST_TIMEOUT_MS,
  );

  it(
    'stores exactly the accepted ones and delivers each of them exactly once',
    async () => {
      const accepted = answers.filter((a) => a.status === 202);
      const stats = async () =>
        statsSchema.parse(
          await (await fetch(`${platform.api.url}/api/v1/stats`, { headers: authHeaders })).json(),
        );
      // A 503 stored nothing (or its client would resend one that goes out anyway).
      expect((await stats()).total).toBe(accepted.length);
      const started = Date.now();
      await expect
        .poll(
          async () => {
            const { by_status: s } = await stats();
            return s.sent + s.failed;
          },
          { timeout: DELIVERY_TIMEOUT_MS, interval: 2000 },
        )
        .toBe(accepted.length);
      console.log(
        `CONCURRENT_INTAKE delivered ${accepted.length} in ${Math.round((Date.now() - started) / 1000)} s after posting`,
      );
      expect((await stats()).by_status).toMatchObject({ sent: accepted.length, failed: 0 });

      const mock = (await (await fetch(`${platform.mockApi.url}/stats`)).json()) as {
        delivered: number;
        duplicates: number;
      };
      // Every delivery is an accepted request's; a 503's recipient never shows up here.
      expect(mock).toMatchObject({ delivered: accepted.length, duplicates: 0 });
      const { deliveries } = (await (
        await fetch(`${platform.mockApi.url}/stats/deliveries`)
      ).json()) as { deliveries: { type: string; recipient: string; count: number }[] };
      const counts = new Map(deliveries.map((d) => [`${d.type}|${d.recipient}`, d.count]));
      const notOnce = accepted.filter((a) => counts.get(`${a.channel}|${a.recipient}`) !== 1);
      expect(notOnce).toEqual([]);
    },
    DELIVERY_TIMEOUT_MS + 30_000,
  );
});
