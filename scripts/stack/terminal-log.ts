/**
 * `npm start`'s terminal is read by a person: each pino JSON line becomes one short line,
 * `12:04:31 api       warn  redis error  role=commands err="connect ECONNREFUSED …"`, and a
 * request becomes `POST /api/v1/notifications 202 12 ms`. Lines that are not JSON pass as
 * they are. (Our own formatter, not pino-pretty: twenty lines instead of a dependency.)
 */

/** Fields shown in the prefix or not at all (`req` on a line logged inside a request: its id). */
const PREFIX_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'req']);
/** Past this an extra field's value is cut: a line, not a dump. */
const MAX_VALUE_CHARS = 120;
const NAME_WIDTH = 10;

const COLORS: Record<string, string> = { warn: '33', error: '31', fatal: '31', debug: '2' };
const paint = (on: boolean, code: string | undefined, text: string) =>
  on && code ? `\x1b[${code}m${text}\x1b[0m` : text;

const clock = (time: unknown) =>
  (typeof time === 'string' || typeof time === 'number' ? new Date(time) : new Date())
    .toTimeString()
    .slice(0, 8);

function value(raw: unknown): string {
  const error = raw as { message?: unknown } | null;
  const text =
    typeof raw === 'string'
      ? raw
      : Array.isArray(raw) && raw.every((item) => typeof item !== 'object')
        ? raw.join(',')
        : typeof error?.message === 'string'
          ? error.message
          : JSON.stringify(raw);
  const cut = text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
  return /[\s"]/.test(cut) ? JSON.stringify(cut) : cut;
}

/** One line of a child's output, as the terminal shows it. */
export function formatLogLine(source: string, line: string, colors = false): string {
  const name = paint(colors, '36', source.padEnd(NAME_WIDTH));
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `${paint(colors, '2', clock(undefined))} ${name}${line}`;
  }
  if (typeof record !== 'object' || record === null) return `${clock(undefined)} ${name}${line}`;
  const level = typeof record.level === 'string' ? record.level : 'info';
  const shownLevel = level === 'info' ? '' : paint(colors, COLORS[level], `${level.padEnd(6)}`);
  const request = record.req as { method?: string; path?: string } | undefined;
  const response = record.res as { statusCode?: number } | undefined;
  const text =
    request && response
      ? `${request.method} ${request.path} ${response.statusCode} ${String(record.responseTime)} ms${
          record.err ? `  err=${value(record.err)}` : ''
        }`
      : [
          String(record.msg ?? ''),
          ...Object.entries(record)
            .filter(([key]) => !PREFIX_FIELDS.has(key))
            .map(([key, raw]) => `${key}=${value(raw)}`),
        ].join('  ');
  return `${paint(colors, '2', clock(record.time))} ${name}${shownLevel}${text}`;
}

/** The supervisor's own lines, in the same columns as the children's. */
export const formatOwnLine = (line: string, colors = false) =>
  formatLogLine('npm start', line, colors);
