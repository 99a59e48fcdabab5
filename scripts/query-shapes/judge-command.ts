import type { CommandShape, Shape } from '../../shared/src/store/command-shape';
import { isEmpty, predicateSets, type Predicates } from './filter-predicates';
import { ID_INDEX, servingIndex, type IndexSpec, type SortKeys } from './index-fit';

export interface Verdict {
  ok: boolean;
  /** How it is served (`_id`, an index's name, ...) or, when not, why. */
  how: string;
}

export interface JudgeContext {
  /** The collection's declared indexes, `_id_` included. */
  indexes: IndexSpec[];
  /** Only a bare `{_id: …}` counts as `_id`-addressed (see CheckPolicy.bareIdCollections). */
  bareId: boolean;
}

/** What a command reads, whatever its kind: filter, order, bound, and whether it counts. */
interface Read {
  filter: Shape;
  sort: SortKeys;
  limit: number | undefined;
  /** A count or a `$group`: its cost is every match, whatever it returns. */
  counts: boolean;
  firstStage?: string;
}

const GROUPING = new Set(['$group', '$count', '$bucket', '$bucketAuto', '$sortByCount', '$facet']);
const isObject = (shape: Shape | undefined): shape is { [key: string]: Shape } =>
  typeof shape === 'object' && !Array.isArray(shape);
const stageName = (stage: Shape | undefined) => (isObject(stage) ? Object.keys(stage)[0] : '');
const toSortKeys = (sort: Shape | undefined): SortKeys =>
  isObject(sort)
    ? Object.entries(sort).map(([f, d]): [string, number] => [f, typeof d === 'number' ? d : 0])
    : [];

function readOf(shape: CommandShape): Read {
  const filter = shape.filter ?? {};
  const one = shape.multi === false || shape.command === 'findAndModify' ? 1 : undefined;
  if (shape.command !== 'aggregate') {
    const limit = shape.limit && shape.limit > 0 ? shape.limit : one;
    return { filter, sort: toSortKeys(shape.sort), limit, counts: shape.command === 'count' };
  }
  // The leading $match, $sort and $limit are what an index can serve; the rest runs on that.
  const stages = shape.pipeline ?? [];
  let at = 0;
  const read: Read = { filter: {}, sort: [], limit: undefined, counts: false };
  read.firstStage = stageName(stages[0]);
  const stage = () => stages[at] as { [key: string]: Shape };
  if (stageName(stages[at]) === '$match') read.filter = stage().$match ?? {};
  if (stageName(stages[at]) === '$match') at += 1;
  if (stageName(stages[at]) === '$sort') read.sort = toSortKeys(stage().$sort);
  if (stageName(stages[at]) === '$sort') at += 1;
  if (stageName(stages[at]) === '$limit') read.limit = Number(stage().$limit);
  read.counts = stages.slice(at).some((s) => GROUPING.has(stageName(s) ?? ''));
  return read;
}

const list = (fields: string[]) => (fields.length ? fields.join(', ') : '-');
const describe = (p: Predicates, sort: SortKeys) =>
  `equality [${list(p.equality)}], range [${list(p.range)}], sort [${list(sort.map(([f, d]) => `${f}:${d}`))}]` +
  (p.unselective.length ? `, unselective [${list(p.unselective)}]` : '');

function judgeBranch(p: Predicates, read: Read, ctx: JudgeContext): Verdict {
  if (p.equality.includes('_id')) {
    const alone = p.equality.length === 1 && p.range.length + p.unselective.length === 0;
    if (alone || !ctx.bareId) return { ok: true, how: '_id' };
    return {
      ok: false,
      how: `_id with other conditions (${describe(p, [])}): the embedded store pushes down only a bare {_id}`,
    };
  }
  if (isEmpty(p)) {
    const first = read.firstStage ? `pipeline starts with ${read.firstStage}` : 'empty filter';
    if (read.limit === undefined) return { ok: false, how: `${first}: reads the whole collection` };
    if (read.sort.length === 0) return { ok: true, how: `first ${read.limit} in natural order` };
    const index = servingIndex(p, read.sort, ctx.indexes);
    return index
      ? { ok: true, how: `index ${index.name} (first ${read.limit})` }
      : { ok: false, how: `${first}, sorted without an index: sorts the whole collection` };
  }
  const index = servingIndex(p, read.sort, ctx.indexes);
  if (!index) return { ok: false, how: `no declared index serves ${describe(p, read.sort)}` };
  if (read.counts && read.limit === undefined) {
    return {
      ok: false,
      how: `counts every match of index ${index.name}: grows with history (counts should be kept, not recomputed)`,
    };
  }
  return { ok: true, how: `index ${index.name}` };
}

export function judgeCommand(shape: CommandShape, ctx: JudgeContext): Verdict {
  if (shape.command === 'insert') return { ok: true, how: 'insert' };
  if (shape.command === 'count' && shape.filter === undefined) {
    return { ok: true, how: 'collection metadata (estimatedDocumentCount)' };
  }
  const read = readOf(shape);
  if (shape.command === 'distinct' && isObject(read.filter) && !Object.keys(read.filter).length) {
    const index = ctx.indexes.find(({ keys }) => keys[0]?.[0] === shape.key);
    return index
      ? { ok: true, how: `distinct scan of index ${index.name}` }
      : {
          ok: false,
          how: `distinct over the whole collection (no index starts with ${shape.key})`,
        };
  }
  const verdicts = predicateSets(read.filter).map((p) => judgeBranch(p, read, ctx));
  const failed = verdicts.filter((v) => !v.ok);
  const prefix = verdicts.length > 1 ? '$or branch: ' : '';
  if (failed.length) return { ok: false, how: failed.map((v) => prefix + v.how).join('; ') };
  return { ok: true, how: [...new Set(verdicts.map((v) => v.how))].join(' + ') };
}

export const withIdIndex = (indexes: IndexSpec[] = []) =>
  indexes.some((i) => i.name === ID_INDEX.name) ? indexes : [ID_INDEX, ...indexes];
