import type { Shape } from '../../shared/src/store/command-shape';

/**
 * What a filter asks of each field, as far as an index is concerned:
 * - equality: a value, `$eq`, `$in` (a few index points), or an embedded document;
 * - range: `$gt`/`$gte`/`$lt`/`$lte`, or a case-sensitive regex anchored at the start;
 * - unselective: anything an index cannot bound (`$ne`, `$nin`, `$exists`, `$not`, a regex
 *   that is unanchored or case-insensitive, `$elemMatch`, `$expr`, `$nor`, ...).
 */
export interface Predicates {
  equality: string[];
  range: string[];
  unselective: string[];
}

const RANGE_OPERATORS = new Set(['$gt', '$gte', '$lt', '$lte']);
/** Top-level operators that only annotate a query. */
const IGNORED = new Set(['$comment']);

const isObject = (shape: Shape): shape is { [key: string]: Shape } =>
  typeof shape === 'object' && !Array.isArray(shape);

type Kind = keyof Predicates;

function kindOf(condition: Shape): Kind {
  if (!isObject(condition)) return 'equality';
  const operators = Object.keys(condition);
  if (!operators.some((op) => op.startsWith('$'))) return 'equality';
  if (operators.includes('$eq') || operators.includes('$in')) return 'equality';
  if (operators.some((op) => RANGE_OPERATORS.has(op))) return 'range';
  if (condition.$regex === '<regex:prefix>') return 'range';
  return 'unselective';
}

const empty = (): Predicates => ({ equality: [], range: [], unselective: [] });
const merge = (a: Predicates, b: Predicates): Predicates => ({
  equality: [...new Set([...a.equality, ...b.equality])],
  range: [...new Set([...a.range, ...b.range])],
  unselective: [...new Set([...a.unselective, ...b.unselective])],
});

/**
 * One set of predicates per way the filter can be satisfied: a filter without `$or` gives one;
 * each `$or` branch gives one (with the conditions beside the `$or` in each), because MongoDB
 * runs each branch as its own index scan and every one of them must be served.
 */
export function predicateSets(filter: Shape): Predicates[] {
  if (!isObject(filter)) return [{ ...empty(), unselective: ['<not a document>'] }];
  let sets: Predicates[] = [empty()];
  const add = (more: Predicates[]) => {
    sets = sets.flatMap((set) => more.map((other) => merge(set, other)));
  };
  for (const [field, condition] of Object.entries(filter)) {
    if (IGNORED.has(field)) continue;
    if (field === '$and' && Array.isArray(condition)) {
      for (const member of condition) add(predicateSets(member));
    } else if (field === '$or' && Array.isArray(condition)) {
      add(condition.flatMap((branch) => predicateSets(branch)));
    } else if (field.startsWith('$')) {
      add([{ ...empty(), unselective: [field] }]);
    } else {
      const kind = kindOf(condition);
      add([{ ...empty(), [kind]: [field] }]);
    }
  }
  // A field with an equality and another condition is bounded by the equality.
  return sets.map((set) => ({
    equality: set.equality,
    range: set.range.filter((f) => !set.equality.includes(f)),
    unselective: set.unselective.filter((f) => !set.equality.includes(f)),
  }));
}

export const isEmpty = (p: Predicates) =>
  p.equality.length + p.range.length + p.unselective.length === 0;
