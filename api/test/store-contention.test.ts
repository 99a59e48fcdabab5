import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedNotificationSchema, errorBodySchema } from '@notify/shared';
import {
  isDuplicateKeyError,
  isInfrastructureUnavailable,
  isTransientStoreError,
  retryTransient,
} from '@notify/shared/store';
import { startProcess, waitForPort, type RunningProcess } from '../../scripts/stack/child-process';
import { freePort } from '../../scripts/stack/free-port';
import { databaseUri, ferretdbBinary } from '../../scripts/stack/infrastructure';
import { buildNotification } from '../../test/support/build-notification';
import { startInProcessApi, type InProcessApi } from '../../test/support/in-process-api';
import { isolatedEnv } from '../../test/support/test-env';

/**
 * FerretDB keeps its data in SQLite, which lets one writer in at a time; a writer that
 * waits out the busy timeout gets `database is locked (5) (SQLITE_BUSY)`. FerretDB waits 10 s
 * by default, so under real load this is rare and slow to reach; this server waits 0 ms, so
 * every write that meets another one fails at once with that same error.
 */
async function startBusyFerretDb() {
  const dir = mkdtempSync(join(tmpdir(), 'notify-busy-'));
  const port = await freePort();
  const server: RunningProcess = startProcess({
    name: 'ferretdb-busy',
    command: ferretdbBinary(),
    args: [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/?_pragma=busy_timeout(0)`,
      `--listen-addr=127.0.0.1:${port}`,
      '--state-dir=-',
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=error',
    ],
    output: 'ignore',
  });
  await waitForPort(port);
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const CLIENTS = 48;
const POSTS = 480;

describe('a store too busy to take a write', () => {
  let ferret: Awaited<ReturnType<typeof startBusyFerretDb>>;
  let api: InProcessApi;
  let other: mongoose.Connection;
  let writing = true;
  let competitor: Promise<void>;

  beforeAll(async () => {
    ferret = await startBusyFerretDb();
    const uri = databaseUri(ferret.uri, 'contention');
    api = await startInProcessApi({
      ...isolatedEnv('contention'),
      MONGODB_URI: uri,
      // The store is under test, not the per-key limit: with accepts grouped into one
      // insert, 48 clients outrun the default 200/s and would be answered 429.
      RATE_LIMIT_PER_SECOND: '100000',
    });
    other = await mongoose.createConnection(uri).asPromise();
    // Another writer on the same database the whole time, as the processor is in production.
    const scratch = other.db!.collection<{ _id: string }>('scratch');
    competitor = (async () => {
      for (let n = 0; writing; n += 1) {
        await scratch.insertOne({ _id: `w${n}` }).catch(() => undefined);
      }
    })();
  }, 60_000);
  afterAll(async () => {
    writing = false;
    await competitor;
    await other?.close();
    await api?.stop();
    await ferret?.stop();
  });

  it('is recognised as transient: locked, not broken', async () => {
    const collection = other.db!.collection('probe');
    const errors = (
      await Promise.all(
        Array.from({ length: 64 }, (_, i) =>
          collection
            .insertMany(Array.from({ length: 5 }, (_, j) => ({ _id: `${i}-${j}` }) as never))
            .then(
              () => null,
              (error: unknown) => error,
            ),
        ),
      )
    ).filter((error) => error !== null);
    // The contention is real: some of the 64 concurrent inserts met the lock.
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(String((error as Error).message)).toContain('SQLITE_BUSY');
      expect(isTransientStoreError(error)).toBe(true);
      expect(isInfrastructureUnavailable(error)).toBe(true);
    }
  });

  it('retries only what is transient: a duplicate or a bad update comes back at once', async () => {
    const collection = other.db!.collection('probe');
    // The competing writer keeps the lock busy: each write below needs the retries to land.
    const patiently = <T>(write: () => Promise<T>) => retryTransient(write, { budgetMs: 10_000 });
    await patiently(() => collection.insertOne({ _id: 'once', handle: 'text' } as never));
    const duplicate = await patiently(() => collection.insertOne({ _id: 'once' } as never)).catch(
      (e: unknown) => e,
    );
    expect(isDuplicateKeyError(duplicate)).toBe(true);
    expect(isTransientStoreError(duplicate)).toBe(false);
    const bug = await patiently(() =>
      collection.updateOne({ _id: 'once' } as never, { $inc: { handle: 1 } }),
    ).catch((e: unknown) => e);
    expect(bug).toBeInstanceOf(Error);
    expect(isTransientStoreError(bug)).toBe(false);
    expect(isInfrastructureUnavailable(bug)).toBe(false);
  });

  it(`answers ${CLIENTS} clients posting at once 202 or 503 with Retry-After, never 500`, async () => {
    let next = 0;
    const answers: { status: number; retryAfter: string | null; error?: string }[] = [];
    const client = async () => {
      while (next++ < POSTS) {
        const response = await api.post(buildNotification());
        const body: unknown = await response.json();
        answers.push({
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
          error: response.status === 202 ? undefined : errorBodySchema.parse(body).error,
        });
        if (response.status === 202) acceptedNotificationSchema.parse(body);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));

    expect(answers.filter((a) => a.status !== 202 && a.status !== 503)).toEqual([]);
    const refused = answers.filter((a) => a.status === 503);
    for (const answer of refused) {
      expect(answer).toMatchObject({ error: 'service_unavailable', retryAfter: '5' });
    }
    const accepted = answers.length - refused.length;
    // Retried within the budget, most get through even with 0 ms of patience per write (in
    // runs here 85-90%); every 202 was stored, and no 503 was.
    expect(accepted).toBeGreaterThan(POSTS / 2);
    expect(await api.notifications.countDocuments()).toBe(accepted);
  }, 60_000);
});
