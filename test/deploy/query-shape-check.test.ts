import { describe, expect, it } from 'vitest';
import { projectPolicy } from '../../scripts/query-shapes/allowed-scans';
import type { IndexSpec } from '../../scripts/query-shapes/index-fit';
import {
  checkShapes,
  type AllowedScan,
  type CheckPolicy,
  type RecordedShape,
} from '../../scripts/query-shapes/query-shape-check';

const index = (...keys: [string, number][]): IndexSpec => ({
  name: keys.map(([f, d]) => `${f}_${d}`).join('_'),
  keys,
});
const LIST_INDEXES = [index(['status', 1], ['_id', -1]), index(['campaignId', 1], ['_id', -1])];

const policy = (indexes = LIST_INDEXES, allowlist: AllowedScan[] = []): CheckPolicy => ({
  indexes: new Map([['notifications', indexes]]),
  allowlist,
  bareIdCollections: ['notifications'],
});
const shape = (fields: Partial<RecordedShape>): RecordedShape => ({
  app: 'api',
  command: 'find',
  collection: 'notifications',
  ...fields,
});
const verdict = (record: RecordedShape, p = policy()) => {
  const [checked] = checkShapes([record], p).shapes;
  return { ok: checked?.ok, how: checked?.how };
};

const SWEEP = shape({
  app: 'processor',
  filter: { status: { $in: ['<string>'] }, updatedAt: { $lt: '<date>' } },
  limit: 500,
});
const GROUP_ALL = shape({
  command: 'aggregate',
  pipeline: [{ $group: { _id: { status: '$status' }, count: { $sum: '<number>' } } }],
});

describe('the query-shape check', () => {
  it('fails a status sweep by time when no index has status then updatedAt', () => {
    expect(verdict(SWEEP)).toEqual({
      ok: false,
      how: 'no declared index serves equality [status], range [updatedAt], sort [-]',
    });
    const declared = policy([...LIST_INDEXES, index(['status', 1], ['updatedAt', 1])]);
    expect(verdict(SWEEP, declared)).toEqual({ ok: true, how: 'index status_1_updatedAt_1' });
  });

  it('fails a $group over the whole collection, and countDocuments({})', () => {
    expect(verdict(GROUP_ALL)).toMatchObject({ ok: false, how: expect.stringMatching(/whole/) });
    const countAll = shape({
      command: 'aggregate',
      pipeline: [{ $match: {} }, { $group: { _id: '<number>', n: { $sum: '<number>' } } }],
    });
    expect(verdict(countAll)).toMatchObject({ ok: false, how: expect.stringMatching(/whole/) });
  });

  it('fails a count over an indexed range: it grows with history', () => {
    const tallies = shape({
      command: 'aggregate',
      pipeline: [
        { $match: { campaignId: { $in: ['<string>'] } } },
        { $group: { _id: { c: '$campaignId', s: '$status' }, n: { $sum: '<number>' } } },
      ],
    });
    expect(verdict(tallies)).toMatchObject({ ok: false, how: expect.stringMatching(/counts/) });
    const count = shape({ command: 'count', filter: { status: '<string>' } });
    expect(verdict(count).ok).toBe(false);
    expect(verdict(shape({ command: 'count' })).ok).toBe(true);
  });

  it('passes _id-addressed reads and writes, and inserts', () => {
    expect(verdict(shape({ filter: { _id: '<string>' }, limit: 1 }))).toEqual({
      ok: true,
      how: '_id',
    });
    const bulk = shape({ command: 'update', filter: { _id: { $in: ['<string>'] } }, multi: true });
    expect(verdict(bulk)).toEqual({ ok: true, how: '_id' });
    expect(verdict(shape({ command: 'insert', n: 40 }))).toEqual({ ok: true, how: 'insert' });
  });

  it('fails an _id with more conditions where only a bare _id is pushed down', () => {
    const replay = shape({
      command: 'findAndModify',
      filter: { _id: '<string>', status: '<string>' },
    });
    expect(verdict(replay)).toMatchObject({ ok: false, how: expect.stringMatching(/bare/) });
    const elsewhere = { ...policy(), bareIdCollections: [] };
    expect(verdict(replay, elsewhere)).toEqual({ ok: true, how: '_id' });
  });

  it('passes list pages served by an index in equality-sort-range order', () => {
    const page = shape({
      filter: { status: '<string>', _id: { $lt: '<string>' } },
      sort: { _id: -1 },
      limit: 51,
    });
    expect(verdict(page)).toEqual({ ok: true, how: 'index status_1__id_-1' });
    const newest = shape({ filter: {}, sort: { _id: -1 }, limit: 51 });
    expect(verdict(newest)).toEqual({ ok: true, how: 'index _id_ (first 51)' });
  });

  it('fails a sort the index does not give, an equality off the prefix, and an empty unbounded filter', () => {
    const byTime = shape({ filter: { status: '<string>' }, sort: { createdAt: -1 }, limit: 51 });
    expect(verdict(byTime).ok).toBe(false);
    const offPrefix = shape({
      command: 'update',
      filter: { campaignId: '<string>', status: { $in: ['<string>'] } },
      multi: true,
    });
    expect(verdict(offPrefix).ok).toBe(false);
    expect(verdict(shape({ filter: {}, sort: { _id: -1 } })).ok).toBe(false);
    const unanchored = shape({ filter: { recipient: { $regex: '<regex>', $options: 'i' } } });
    expect(verdict(unanchored).ok).toBe(false);
  });

  it('needs every $or branch served', () => {
    const either = (second: string) =>
      shape({ filter: { $or: [{ status: '<string>' }, { [second]: '<string>' }] }, limit: 10 });
    expect(verdict(either('campaignId')).ok).toBe(true);
    expect(verdict(either('recipient')).ok).toBe(false);
  });

  it('excuses an allowed scan by its exact shape, and reports entries that excused nothing', () => {
    const search = shape({
      filter: { recipient: { $regex: '<regex>', $options: 'i' } },
      limit: 51,
    });
    const allowed: AllowedScan = {
      collection: 'notifications',
      command: 'find',
      filter: { recipient: { $options: 'i', $regex: '<regex>' } },
      reason: 'recipient search, capped',
    };
    const stale: AllowedScan = { ...allowed, filter: { gone: '<string>' }, reason: 'stale' };
    const result = checkShapes([search, GROUP_ALL], policy(LIST_INDEXES, [allowed, stale]));
    expect(result.shapes[0]).toMatchObject({
      ok: true,
      how: expect.stringMatching(/^allowed scan: recipient search/),
    });
    expect(result.offenders.map((s) => s.command)).toEqual(['aggregate']);
    expect(result.unusedAllowlist).toEqual([stale]);
  });

  it('reads the declared indexes from the project schemas', () => {
    const declared = projectPolicy().indexes;
    // The ledger addresses notifications by `_id` only: no secondary index is declared.
    expect(declared.get('notifications') ?? []).toEqual([]);
    expect(declared.get('campaign_invalid_rows')?.map((i) => i.name)).toEqual([
      'campaignId_1_line_1',
    ]);
  });
});
