import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFerretDb, type MongoWireServer } from '../../scripts/stack/infrastructure';

/**
 * The embedded store is FerretDB built by scripts/tools/install-ferretdb.sh with one patch: its
 * SQLite backend wrote `_id` lookups so that they could not use the `_id` index, and every read or
 * write by `_id` scanned the table. Everything fast in this project addresses documents by
 * `_id`, so this checks the plan SQLite chooses, through FerretDB's own explain.
 */
describe('the embedded store', () => {
  let server: MongoWireServer;
  let connection: mongoose.Connection;

  beforeAll(async () => {
    server = await startFerretDb();
    connection = await mongoose.createConnection(`${server.uri}lookup`).asPromise();
    await connection
      .collection('things')
      .insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `id-${i}` as never, n: i })));
  }, 60_000);
  afterAll(async () => {
    await connection?.close();
    await server?.stop();
  });

  const planFor = async (filter: Record<string, unknown>) =>
    JSON.stringify(
      await connection.db!.command({
        explain: { find: 'things', filter },
        verbosity: 'queryPlanner',
      }),
    );

  it('finds a document by _id through the _id index, not a scan', async () => {
    const plan = await planFor({ _id: 'id-42' });
    expect(plan).toMatch(/SEARCH \S+ USING INDEX \S+__id_/);
    expect(plan).not.toMatch(/SCAN/);
  });

  it('scans for any other filter, which is why hot paths never use one', async () => {
    expect(await planFor({ n: 42 })).toMatch(/SCAN/);
  });
});
