/**
 * Checks recorded MongoDB commands against the declared indexes: every query and write must be
 * `_id`-addressed or served by an index (see judge-command.ts and index-fit.ts for the rules),
 * or be an allowed scan (allowed-scans.ts).
 * Record first: run the apps with MONGODB_COMMAND_LOG=<file> (a file per app), or run
 * `QUERY_SHAPES_LOG_DIR=<dir> npx vitest run --project integration test/e2e/query-shapes.test.ts`.
 * Usage: tsx scripts/query-shapes/check-command-log.ts [--docs docs/architecture.md] <log>...
 * Prints one line per distinct shape and exits 1 if any is not served; with --docs, also
 * rewrites the table between the query-shapes markers of that file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { projectPolicy } from './allowed-scans';
import { checkShapes, describeShape } from './query-shape-check';
import { readCommandLogs } from './read-command-log';
import { shapeTable, withTable } from './shape-table';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { docs: { type: 'string' } },
});
if (positionals.length === 0) {
  console.error('usage: check-command-log.ts [--docs <markdown file>] <command log>...');
  process.exit(2);
}

const log = readCommandLogs(positionals);
const result = checkShapes(log.records, projectPolicy());
for (const shape of result.shapes)
  console.log(`${shape.ok ? 'ok ' : 'BAD'} ${describeShape(shape)}`);
for (const entry of result.unusedAllowlist) {
  console.log(`unused allowed scan: ${entry.collection} ${entry.command} (${entry.reason})`);
}
for (const marker of log.closed.filter((m) => m.dropped + m.unshaped > 0)) {
  console.log(
    `incomplete log from ${marker.app}: ${marker.dropped} dropped, ${marker.unshaped} unshaped`,
  );
}
console.log(
  `${result.shapes.length} shapes, ${result.offenders.length} not served, from ${log.records.length} lines`,
);

if (values.docs) {
  writeFileSync(
    values.docs,
    withTable(readFileSync(values.docs, 'utf8'), shapeTable(result.shapes)),
  );
  console.log(`table written to ${values.docs}`);
}
process.exitCode = result.offenders.length > 0 ? 1 : 0;
