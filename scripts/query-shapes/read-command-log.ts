import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { RECORDED_COMMANDS } from '../../shared/src/store/command-shape';
import type { RecordedShape } from './query-shape-check';

/** The last line an app writes when its connection closes (command-log.ts). */
const closedSchema = z.object({
  app: z.string(),
  closed: z.literal(true),
  dropped: z.number().int(),
  unshaped: z.number().int(),
});
export type ClosedMarker = z.infer<typeof closedSchema>;

/** The fields the check relies on; the shapes themselves are kept as recorded. */
const recordSchema = z
  .object({
    app: z.string(),
    command: z.enum(RECORDED_COMMANDS),
    collection: z.string(),
    limit: z.number().optional(),
    n: z.number().int().optional(),
    multi: z.boolean().optional(),
    key: z.string().optional(),
    pipeline: z.array(z.unknown()).optional(),
  })
  .loose();

export interface CommandLog {
  records: RecordedShape[];
  closed: ClosedMarker[];
}

/** Every line of the given command logs; a line that is neither a shape nor a marker throws. */
export function readCommandLogs(paths: string[]): CommandLog {
  const log: CommandLog = { records: [], closed: [] };
  for (const path of paths) {
    const lines = readFileSync(path, 'utf8').split('\n');
    for (const [index, line] of lines.entries()) {
      if (!line.trim()) continue;
      const json: unknown = JSON.parse(line);
      const closed = closedSchema.safeParse(json);
      if (closed.success) {
        log.closed.push(closed.data);
        continue;
      }
      const record = recordSchema.safeParse(json);
      if (!record.success) throw new Error(`${path}:${index + 1}: ${record.error.message}`);
      log.records.push(record.data as RecordedShape);
    }
  }
  return log;
}
