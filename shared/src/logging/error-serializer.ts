/**
 * pino's `err` serializer. The standard one copies every enumerable field of an error, and
 * database errors carry the rejected documents in theirs (MongoBulkWriteError: `writeErrors[].op`,
 * `insertedDocs`, `result`, `errorResponse`; mongoose: `errors[].value`; body-parser: `body`),
 * so one failed insert would write a recipient and their message into the log. Only the
 * fields that describe the failure are kept: what it is, where it came from, and its cause.
 */

/** Fields that name a failure without carrying data: driver, system and HTTP codes. */
const DESCRIPTIVE_FIELDS = ['code', 'codeName', 'errno', 'syscall', 'status', 'statusCode'];

/** A cause chain deeper than this is a loop or noise; the first links say what happened. */
const MAX_DEPTH = 5;

/** Messages that quote stored values: the value goes, the sentence stays. */
const VALUE_PATTERNS: [RegExp, string][] = [
  // MongoDB: `E11000 duplicate key error … dup key: { recipient: "a@example.com" }`
  [/dup key: \{.*\}/g, 'dup key: { [redacted] }'],
  // mongoose CastError: `Cast to string failed for value "…" (type Object) at path "x"`
  [/for value .*? \(type (\w+)\)/g, 'for value [redacted] (type $1)'],
];

type ErrorLike = Error & Record<string, unknown>;

const isErrorLike = (value: unknown): value is ErrorLike =>
  value instanceof Error ||
  (typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string' &&
    typeof (value as { name?: unknown }).name === 'string');

const typeOf = (value: object): string => value.constructor?.name ?? 'Object';

const redact = (text: string): string =>
  VALUE_PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);

/** mongoose's ValidationError message lists each failing path with its value; keep the paths. */
function safeMessage(error: ErrorLike): string {
  const errors = error.errors;
  if (error.name === 'ValidationError' && typeof errors === 'object' && errors !== null) {
    if (!Array.isArray(errors)) return `Validation failed for ${Object.keys(errors).join(', ')}`;
  }
  return redact(error.message);
}

function sanitize(value: unknown, depth: number): unknown {
  if (!isErrorLike(value)) {
    // Something thrown that is not an error: a primitive says what it is, an object may be data.
    return typeof value === 'object' && value !== null ? { type: typeOf(value) } : value;
  }
  const message = safeMessage(value);
  const stack =
    typeof value.stack === 'string'
      ? redact(value.message ? value.stack.split(value.message).join(message) : value.stack)
      : undefined;
  const out: Record<string, unknown> = { type: typeOf(value), name: value.name, message, stack };
  for (const field of DESCRIPTIVE_FIELDS) {
    const kept = value[field];
    if (typeof kept === 'string' || typeof kept === 'number') out[field] = kept;
  }
  if (depth < MAX_DEPTH) {
    if (value.cause !== undefined) out.cause = sanitize(value.cause, depth + 1);
    if (value instanceof AggregateError) {
      out.errors = (value.errors as unknown[]).map((inner) => sanitize(inner, depth + 1));
    }
  }
  return out;
}

/**
 * Safe for pino's `serializers.err`. pino-http hands its serializers pino's own serialization
 * of the error, with the original as the non-enumerable `raw`; that original is what is read.
 */
export function serializeError(value: unknown): unknown {
  const raw = (value as { raw?: unknown } | null)?.raw;
  return sanitize(isErrorLike(raw) ? raw : value, 0);
}
