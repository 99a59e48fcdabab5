import type { Predicates } from './filter-predicates';

/** A declared index: its keys in order, each 1 or -1 (0 for a hashed or text key). */
export interface IndexSpec {
  name: string;
  keys: [field: string, direction: number][];
}

export type SortKeys = [field: string, direction: number][];

/** Every collection has this one, declared or not. */
export const ID_INDEX: IndexSpec = { name: '_id_', keys: [['_id', 1]] };

const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && a.every((field) => b.includes(field));

/**
 * The index that serves a query in the usual Equality-Sort-Range order (ESR), or undefined.
 * Accepted:
 * - the equality fields are exactly the index's first keys, in any order (equality makes
 *   their order irrelevant);
 * - the sort's keys, less those an equality pins, are the next keys in order, each in the
 *   index's direction or each in the opposite one (a backward scan);
 * - at most one range field that is not a sort key, and it is the key right after those (a
 *   range on a sort key is bounded by the same scan);
 * - no unselective predicate: it would be checked document by document on all the index
 *   returned.
 * Refused: equality fields that are not the whole prefix (the rest is filtered after fetching
 * each document), a sort the index does not give (an in-memory sort of every match), two ranges.
 */
export function servingIndex(
  p: Predicates,
  sort: SortKeys,
  indexes: IndexSpec[],
): IndexSpec | undefined {
  if (p.unselective.length > 0) return undefined;
  const sortKeys = sort.filter(([field]) => !p.equality.includes(field));
  const extraRanges = p.range.filter((field) => !sortKeys.some(([key]) => key === field));
  if (extraRanges.length > 1) return undefined;

  return indexes.find(({ keys }) => {
    const width = p.equality.length;
    const prefix = keys.slice(0, width).map(([field]) => field);
    if (!sameSet(prefix, p.equality)) return false;
    const rest = keys.slice(width);
    const signs = sortKeys.map(([field, direction], i) => {
      const key = rest[i];
      return key && key[0] === field && key[1] !== 0 ? Math.sign(direction * key[1]) : 0;
    });
    if (signs.some((sign) => sign === 0 || sign !== signs[0])) return false;
    const [range] = extraRanges;
    return range === undefined || rest[sortKeys.length]?.[0] === range;
  });
}
