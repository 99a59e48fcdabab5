/**
 * Benchmark: what one store operation costs as the number of stored notifications grows.
 * Starts the MongoDB-wire server (FerretDB from ~/.cache/notify-tools, or MONGODB_URI), fills
 * a collection in steps, and times each operation the hot paths use against the newest
 * documents (the oldest would flatter a scan that stops at its first match).
 * Usage: tsx scripts/bench/store-operations.ts [sizes, comma-separated]
 * Point NOTIFY_TOOLS_DIR at another FerretDB build to compare builds side by side.
 */
import mongoose from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { newNotification, notificationModel } from '@notify/shared/ledger/inspect';
import { databaseUri, startMongoWire } from '../stack/infrastructure';

const SIZES = (process.argv[2] ?? '1000,10000,30000').split(',').map(Number);
const SAMPLES = 40;
// A scan per call at 30,000 stored takes seconds: a few samples show it.
const SCAN_SAMPLES = 5;

const server = await startMongoWire();
const connection = await mongoose
  .createConnection(databaseUri(server.uri, `bench-${Date.now()}`))
  .asPromise();
const model = notificationModel(connection);
const fresh = () =>
  newNotification({
    _id: uuidv7(),
    type: 'sms',
    recipient: `+1415${Math.floor(Math.random() * 1e7)}`,
    message: 'Your code is 123456',
    campaignId: uuidv7(),
    provider: 'flaky',
  });

/** Mean milliseconds per call, calls made one at a time. */
async function time(run: (i: number) => Promise<unknown>, samples = SAMPLES): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < samples; i += 1) await run(i);
  return (performance.now() - started) / samples;
}

const ids: string[] = [];
const rows: Record<string, string | number>[] = [];
for (const size of SIZES) {
  while (ids.length < size) {
    const batch = Array.from({ length: Math.min(1000, size - ids.length) }, fresh);
    await model.insertMany(batch, { lean: true });
    ids.push(...batch.map((doc) => doc._id));
  }
  const newest = (i: number) => ids[ids.length - 1 - i * 3]!;
  rows.push({
    stored: size,
    'find by _id': await time((i) => model.findById(newest(i)).lean()),
    'update by _id': await time((i) =>
      model.updateOne({ _id: newest(i) }, { $set: { status: 'processing' } }),
    ),
    'findOneAndUpdate by _id': await time((i) =>
      model
        .findOneAndUpdate(
          { _id: newest(i) },
          { $set: { status: 'retrying' } },
          { returnDocument: 'after' },
        )
        .lean(),
    ),
    'conditional findOneAndUpdate': await time(
      (i) =>
        model
          .findOneAndUpdate(
            { _id: newest(i), status: { $in: ['processing', 'retrying'] } },
            { $set: { status: 'queued' } },
            { returnDocument: 'after' },
          )
          .lean(),
      SCAN_SAMPLES,
    ),
    'insert one': await time(() => model.insertMany([fresh()], { lean: true })),
  });
}
await connection.close();
await server.stop();

const columns = Object.keys(rows[0] ?? {});
console.log(`| ${columns.join(' | ')} |`);
console.log(`| ${columns.map(() => '---').join(' | ')} |`);
for (const row of rows) {
  const cells = columns.map((c) =>
    typeof row[c] === 'number' && c !== 'stored'
      ? `${(row[c] as number).toFixed(1)} ms`
      : String(row[c]),
  );
  console.log(`| ${cells.join(' | ')} |`);
}
