/**
 * Filters, sorts and pipelines with field names and operators kept and every value replaced
 * by its type (`"<string>"`, `"<date>"`, ...). Values are never kept: filters carry
 * recipients, which are personal data.
 */
export type Shape = string | number | boolean | Shape[] | { [key: string]: Shape };

type Doc = Record<string, unknown>;

const isDoc = (value: unknown): value is Doc =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof Date) &&
  !(value instanceof RegExp) &&
  !ArrayBuffer.isView(value) &&
  !('_bsontype' in value);

/** MongoDB uses index bounds only for a case-sensitive regex anchored at the start. */
const regexTag = (source: string, flags: string) =>
  source.startsWith('^') && !flags.includes('i') ? '<regex:prefix>' : '<regex>';

const BSON_TAGS: Record<string, string> = {
  ObjectId: '<objectId>',
  Long: '<number>',
  Int32: '<number>',
  Double: '<number>',
  Decimal128: '<number>',
  Binary: '<binary>',
  UUID: '<binary>',
};

function valueTag(value: unknown): string {
  if (value === null || value === undefined) return '<null>';
  if (typeof value === 'string') return '<string>';
  if (typeof value === 'number' || typeof value === 'bigint') return '<number>';
  if (typeof value === 'boolean') return '<bool>';
  if (value instanceof Date) return '<date>';
  if (value instanceof RegExp) return regexTag(value.source, value.flags);
  if (ArrayBuffer.isView(value)) return '<binary>';
  const bson = (value as { _bsontype?: string; pattern?: string; options?: string })._bsontype;
  if (bson === 'BSONRegExp') {
    const { pattern = '', options = '' } = value as { pattern?: string; options?: string };
    return regexTag(pattern, options);
  }
  return bson ? (BSON_TAGS[bson] ?? `<${bson}>`) : '<unknown>';
}

/** Each distinct element shape once: `$in: [a, b, c]` becomes `["<string>"]`. */
const distinct = (shapes: Shape[]): Shape[] => {
  const seen = new Map<string, Shape>();
  for (const shape of shapes) seen.set(JSON.stringify(shape), shape);
  return [...seen.values()];
};

/** Regex flags are not data, and `i` decides whether an index can help. */
const REGEX_FLAGS = /^[imsxu]{0,5}$/;

/**
 * A filter's shape. With `keepFieldPaths`, strings that are aggregation field paths
 * (`"$status"`, `"$$ROOT"`) are kept: in `$group` or `$project` they are code, not data.
 */
export function filterShape(value: unknown, keepFieldPaths = false): Shape {
  if (value instanceof Map) return filterShape(Object.fromEntries(value), keepFieldPaths);
  if (Array.isArray(value)) return distinct(value.map((v) => filterShape(v, keepFieldPaths)));
  if (!isDoc(value)) {
    const isPath = typeof value === 'string' && /^\$\$?[A-Za-z_][\w.]*$/.test(value);
    return keepFieldPaths && isPath ? value : valueTag(value);
  }
  const shape: Record<string, Shape> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '$regex' && typeof v === 'string') {
      const options = typeof value.$options === 'string' ? value.$options : '';
      shape[key] = regexTag(v, options);
    } else if (key === '$options' && typeof v === 'string' && REGEX_FLAGS.test(v)) shape[key] = v;
    else shape[key] = filterShape(v, keepFieldPaths);
  }
  return shape;
}

/**
 * Sort directions are code (1, -1, a `$meta`), kept as they are. The driver sends a find's
 * sort as a Map (it keeps the key order), a pipeline's `$sort` is a plain document.
 */
export const sortShape = (given: unknown): Shape | undefined => {
  const sort = given instanceof Map ? Object.fromEntries(given) : given;
  return isDoc(sort) && Object.keys(sort).length > 0
    ? Object.fromEntries(
        Object.entries(sort).map(([k, v]) => [k, v === 1 || v === -1 ? v : filterShape(v, true)]),
      )
    : undefined;
};

const NUMERIC_STAGES = new Set(['$limit', '$skip', '$sample']);

export function pipelineShape(pipeline: unknown): Shape[] {
  if (!Array.isArray(pipeline)) return [];
  return pipeline.map((stage): Shape => {
    if (!isDoc(stage)) return valueTag(stage);
    const [[name, spec] = ['<empty>', null]] = Object.entries(stage);
    if (name === '$match') return { $match: filterShape(spec) };
    if (name === '$sort') return { $sort: sortShape(spec) ?? {} };
    if (NUMERIC_STAGES.has(name) && typeof spec === 'number') return { [name]: spec };
    if (name === '$facet' && isDoc(spec)) {
      return {
        $facet: Object.fromEntries(Object.entries(spec).map(([k, p]) => [k, pipelineShape(p)])),
      };
    }
    return { [name]: filterShape(spec, true) };
  });
}
