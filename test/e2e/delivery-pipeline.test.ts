import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedNotificationSchema,
  notificationViewSchema,
  statsSchema,
  type CreateNotificationRequest,
} from '@notify/shared';
import { FLAKY_ONLY_ENV, startPlatform, type Platform } from '../../scripts/stack/platform';
import { buildNotification } from '../support/build-notification';
import { authHeaders, isolatedEnv } from '../support/test-env';

const COUNT = 300;

interface MockStats {
  requests: number;
  outcomes: Record<'success' | 'slow' | 'rate_limit' | 'error' | 'bad_request', number>;
  delivered: number;
  unique: number;
  duplicates: number;
}
interface MockDeliveries {
  deliveries: { type: string; recipient: string; message: string; count: number }[];
}

/**
 * The production processes (mock-api, api, processor as separate Node processes) against
 * real Redis and MongoDB-wire servers, with the mock's real odds: 30% 429, 5% 500, 20%
 * answered after 5 s. Only the mock's retryAfter hint is shortened (30 s → 1 s) to keep
 * the run short; the processor still honours it exactly as in production.
 */
describe(`delivering ${COUNT} notifications through the flaky provider`, () => {
  let platform: Platform;
  const logs = mkdtempSync(join(tmpdir(), 'notify-e2e-'));
  const sent: CreateNotificationRequest[] = [];
  const ids: string[] = [];

  beforeAll(async () => {
    const env = isolatedEnv('e2e');
    platform = await startPlatform({
      mongoUri: env.MONGODB_URI,
      redisUrl: env.REDIS_URL,
      env: {
        'mock-api': { MOCK_SEED: '20261122', MOCK_RETRY_AFTER_SECONDS: '1', LOG_LEVEL: 'warn' },
        api: {
          QUEUE_PREFIX: env.QUEUE_PREFIX,
          API_KEYS: env.API_KEYS,
          ...FLAKY_ONLY_ENV,
          LOG_LEVEL: 'warn',
          // The checks below read all 300 back at once; the per-key limit is not under test.
          RATE_LIMIT_PER_SECOND: '100000',
        },
        processor: {
          QUEUE_PREFIX: env.QUEUE_PREFIX,
          ...FLAKY_ONLY_ENV,
          WORKER_CONCURRENCY: '50',
          RETRY_BASE_DELAY_MS: '200',
          RATE_LIMIT_JITTER_MS: '500',
          LOG_LEVEL: 'warn',
        },
      },
      output: (name) => join(logs, `${name}.log`),
    });
  }, 120_000);
  afterAll(() => platform?.stop());

  it('accepts every one with 202', async () => {
    const requests = Array.from({ length: COUNT }, (_, i) =>
      buildNotification({ type: i % 2 ? 'email' : 'sms' }),
    );
    // 20 clients at a time, like a burst from a real producer.
    for (let i = 0; i < requests.length; i += 20) {
      const batch = requests.slice(i, i + 20);
      const responses = await Promise.all(
        batch.map((body) =>
          fetch(`${platform.api.url}/api/v1/notifications`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...authHeaders },
            body: JSON.stringify(body),
          }),
        ),
      );
      for (const [index, response] of responses.entries()) {
        expect(response.status).toBe(202);
        ids.push(acceptedNotificationSchema.parse(await response.json()).id);
        sent.push(batch[index]!);
      }
    }
    expect(new Set(ids).size).toBe(COUNT);
  });

  it('brings every one to sent', async () => {
    const stats = async () =>
      statsSchema.parse(
        await (await fetch(`${platform.api.url}/api/v1/stats`, { headers: authHeaders })).json(),
      );
    await expect
      .poll(
        async () => {
          const s = await stats();
          return s.by_status.sent + s.by_status.failed;
        },
        { timeout: 240_000, interval: 1000 },
      )
      .toBe(COUNT);
    expect((await stats()).by_status).toMatchObject({ sent: COUNT, failed: 0 });
  }, 250_000);

  it('delivered each exactly once, through every provider path', async () => {
    const mock = (await (await fetch(`${platform.mockApi.url}/stats`)).json()) as MockStats;
    expect(mock).toMatchObject({ delivered: COUNT, unique: COUNT, duplicates: 0 });
    expect(mock.outcomes.rate_limit).toBeGreaterThan(0);
    expect(mock.outcomes.error).toBeGreaterThan(0);
    expect(mock.outcomes.slow).toBeGreaterThan(0);

    const { deliveries } = (await (
      await fetch(`${platform.mockApi.url}/stats/deliveries`)
    ).json()) as MockDeliveries;
    const counts = new Map(
      deliveries.map((d) => [`${d.type}|${d.recipient}|${d.message}`, d.count]),
    );
    for (const request of sent) {
      expect(counts.get(`${request.type}|${request.recipient}|${request.message}`)).toBe(1);
    }
  });

  it('recorded every provider call as an attempt', async () => {
    const mock = (await (await fetch(`${platform.mockApi.url}/stats`)).json()) as MockStats;
    let recorded = 0;
    for (const id of ids) {
      const response = await fetch(`${platform.api.url}/api/v1/notifications/${id}`, {
        headers: authHeaders,
      });
      expect(response.status).toBe(200);
      const view = notificationViewSchema.parse(await response.json());
      expect(view.attempts).toHaveLength(view.attempt_count);
      expect(view.attempts.at(-1)).toMatchObject({ outcome: 'sent', http_status: 200 });
      expect(view.attempts.map((a) => a.number)).toEqual(view.attempts.map((_, i) => i + 1));
      recorded += view.attempt_count;
    }
    // Retries happened, and not one provider call went unrecorded.
    expect(recorded).toBeGreaterThan(COUNT);
    expect(recorded).toBe(mock.requests);
  }, 60_000);
});
