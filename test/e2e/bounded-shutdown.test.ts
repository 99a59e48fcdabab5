import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHUTDOWN_MARGIN_MS } from '@notify/shared/process';
import {
  databaseUri,
  startFerretDb,
  startRedis,
  type MongoWireServer,
  type RedisServer,
} from '../../scripts/stack/infrastructure';
import { FLAKY_ONLY_ENV, startPlatform, type Platform } from '../../scripts/stack/platform';
import { buildNotification } from '../support/build-notification';
import { authHeaders, TEST_API_KEYS_ENTRY } from '../support/test-env';

/** Short, so the test is quick; the processor's default is 15 s, the api's 5 s. */
const GRACE_MS = 3000;
/** Starting a process's exit and reaping it, on a busy 2-core machine. */
const EXIT_SLACK_MS = 1500;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
}

function terminate(child: ChildProcess): Promise<Exit> {
  const since = Date.now();
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - since })),
  );
  child.kill('SIGTERM');
  return exited;
}

/**
 * The production processes on a Redis and a FerretDB of this test's own, killed -9 while
 * the processor has sends in flight (the provider answers only after 20 s). SIGTERM must
 * still end every app within its grace plus the close margin, and cleanly: each stop()
 * finishes on its own instead of being cut off by the shell's deadline.
 */
describe('SIGTERM with Redis and MongoDB gone', () => {
  const logs = mkdtempSync(join(tmpdir(), 'notify-shutdown-'));
  let redis: RedisServer;
  let mongo: MongoWireServer;
  let platform: Platform;

  beforeAll(async () => {
    [redis, mongo] = await Promise.all([startRedis(), startFerretDb()]);
    platform = await startPlatform({
      mongoUri: databaseUri(mongo.uri, 'shutdown'),
      redisUrl: redis.url,
      env: {
        'mock-api': {
          MOCK_RATE_LIMIT_PERCENT: '0',
          MOCK_ERROR_PERCENT: '0',
          MOCK_SLOW_PERCENT: '100',
          MOCK_SLOW_DELAY_MS: '20000',
          LOG_LEVEL: 'warn',
        },
        api: { API_KEYS: TEST_API_KEYS_ENTRY, ...FLAKY_ONLY_ENV, SHUTDOWN_GRACE_MS: `${GRACE_MS}` },
        processor: {
          ...FLAKY_ONLY_ENV,
          SHUTDOWN_GRACE_MS: `${GRACE_MS}`,
          // Longer than the whole test: the sends are still in flight at SIGTERM.
          PROVIDER_TIMEOUT_MS: '60000',
          MONGODB_TIMEOUT_MS: '1000',
        },
      },
      output: (name) => join(logs, `${name}.log`),
    });
  });

  afterAll(async () => {
    for (const app of [platform?.api, platform?.processor, platform?.mockApi])
      await app?.process.kill();
    await Promise.all([redis?.stop(), mongo?.stop()]);
  });

  it('ends the api, the processor and mock-api within their grace, each stop finishing', async () => {
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${platform.api.url}/api/v1/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authHeaders },
        body: JSON.stringify(buildNotification()),
      });
      expect(response.status).toBe(202);
    }
    await expect
      .poll(async () => {
        const stats = (await (await fetch(`${platform.mockApi.url}/stats`)).json()) as {
          inFlight: number;
        };
        return stats.inFlight;
      })
      .toBe(5);

    await Promise.all([redis.process.kill(), mongo.process!.kill()]);
    // Both apps have seen their dependencies go before the signal.
    for (const url of [platform.api.url, platform.processor.url]) {
      await expect
        .poll(async () => (await fetch(`${url}/ready`)).status, { timeout: 15_000 })
        .toBe(503);
    }

    const [api, processor, mockApi] = await Promise.all([
      terminate(platform.api.process.child),
      terminate(platform.processor.process.child),
      terminate(platform.mockApi.process.child),
    ]);
    const limit = GRACE_MS + SHUTDOWN_MARGIN_MS + EXIT_SLACK_MS;
    // Exit code 0: stop() finished by itself; the shell's deadline would have exited 1.
    expect({ api: api.code, processor: processor.code, mockApi: mockApi.code }).toEqual({
      api: 0,
      processor: 0,
      mockApi: 0,
    });
    expect(api.ms, 'api').toBeLessThan(limit);
    expect(processor.ms, 'processor').toBeLessThan(limit);
    // mock-api has no grace: it cuts its slow answers off at once.
    expect(mockApi.ms, 'mock-api').toBeLessThan(SHUTDOWN_MARGIN_MS + EXIT_SLACK_MS);
  });
});
