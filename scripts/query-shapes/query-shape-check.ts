import type { CommandShape, RecordedCommand, Shape } from '../../shared/src/store/command-shape';
import type { IndexSpec } from './index-fit';
import { judgeCommand, withIdIndex } from './judge-command';

/** One line of a command log (see shared/src/store/command-log.ts). */
export type RecordedShape = CommandShape & { app: string };

/** A scan we accept on purpose: documented, bounded, and the reason says how. */
export interface AllowedScan {
  collection: string;
  command: RecordedCommand;
  /** The filter's shape as recorded (key order does not matter). */
  filter: Shape;
  /** Only from this app; any app when unset. */
  app?: string;
  reason: string;
}

export interface CheckPolicy {
  /** Declared indexes by collection; the `_id` index is implied for every collection. */
  indexes: Map<string, IndexSpec[]>;
  allowlist: AllowedScan[];
  /**
   * Collections where `_id`-addressed means `_id` alone: the embedded store (FerretDB 1.24 on
   * SQLite) pushes down only a bare `{_id: …}` filter and scans for anything more, and the
   * ledger addresses every notification write that way.
   */
  bareIdCollections: string[];
}

/** One distinct shape, with every app that sent it and how often. */
export interface CheckedShape {
  collection: string;
  command: RecordedCommand;
  apps: string[];
  filter?: Shape;
  sort?: Shape;
  pipeline?: Shape[];
  key?: string;
  multi?: boolean;
  /** Largest limit seen; unset when they had none. */
  limit?: number;
  /** Commands (statements, for bulk writes) of this shape. */
  count: number;
  ok: boolean;
  how: string;
}

export interface CheckResult {
  shapes: CheckedShape[];
  offenders: CheckedShape[];
  /** Entries that excused nothing in this run: stale, or their path was not exercised. */
  unusedAllowlist: AllowedScan[];
}

/** JSON with object keys sorted, so two shapes compare equal whatever their key order. */
export function canonical(shape: unknown): string {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : typeof value === 'object' && value !== null
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => [k, sorted(v)]),
          )
        : value;
  return JSON.stringify(sorted(shape));
}

/** Limits differ between calls of one path (page sizes); having one or not is what counts. */
const groupKey = (r: RecordedShape) =>
  JSON.stringify([
    r.collection,
    r.command,
    r.filter,
    r.sort,
    r.pipeline,
    r.key,
    r.multi,
    r.limit !== undefined,
  ]);

export function checkShapes(records: RecordedShape[], policy: CheckPolicy): CheckResult {
  const groups = new Map<string, CheckedShape>();
  for (const record of records) {
    const key = groupKey(record);
    const seen = groups.get(key);
    const n = record.n ?? 1;
    if (seen) {
      if (!seen.apps.includes(record.app)) seen.apps.push(record.app);
      seen.count += n;
      if (seen.limit !== undefined) seen.limit = Math.max(seen.limit, record.limit ?? 0);
      continue;
    }
    const verdict = judgeCommand(record, {
      indexes: withIdIndex(policy.indexes.get(record.collection)),
      bareId: policy.bareIdCollections.includes(record.collection),
    });
    groups.set(key, {
      collection: record.collection,
      command: record.command,
      apps: [record.app],
      ...(record.filter !== undefined && { filter: record.filter }),
      ...(record.sort !== undefined && { sort: record.sort }),
      ...(record.pipeline !== undefined && { pipeline: record.pipeline }),
      ...(record.key !== undefined && { key: record.key }),
      ...(record.multi !== undefined && { multi: record.multi }),
      ...(record.limit !== undefined && { limit: record.limit }),
      count: n,
      ...verdict,
    });
  }

  const used = new Set<AllowedScan>();
  const shapes = [...groups.values()].map((shape) => {
    if (shape.ok) return shape;
    const entry = policy.allowlist.find(
      (e) =>
        e.collection === shape.collection &&
        e.command === shape.command &&
        (e.app === undefined || shape.apps.every((app) => app === e.app)) &&
        canonical(e.filter) === canonical(shape.filter ?? {}),
    );
    if (!entry) return shape;
    used.add(entry);
    return { ...shape, ok: true, how: `allowed scan: ${entry.reason} (was: ${shape.how})` };
  });
  return {
    shapes,
    offenders: shapes.filter((s) => !s.ok),
    unusedAllowlist: policy.allowlist.filter((e) => !used.has(e)),
  };
}

/** One line per shape, for a test failure or a terminal. */
export function describeShape(s: CheckedShape): string {
  const parts = [
    `${s.apps.join('+')} ${s.command} ${s.collection}`,
    s.filter !== undefined && `filter ${JSON.stringify(s.filter)}`,
    s.sort !== undefined && `sort ${JSON.stringify(s.sort)}`,
    s.pipeline !== undefined && `pipeline ${JSON.stringify(s.pipeline)}`,
    s.key !== undefined && `key ${s.key}`,
    s.multi && 'multi',
    s.limit !== undefined && `limit ${s.limit}`,
    `×${s.count}`,
  ].filter(Boolean);
  return `${parts.join(' ')} — ${s.how}`;
}
