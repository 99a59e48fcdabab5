import type { InvalidRow } from '@notify/shared';

/**
 * One CSV line per rejected row. Every field is quoted, and a value a spreadsheet would run
 * as a formula (=, +, -, @, tab, CR) is prefixed with ', since the file is made to be opened
 * in one and the values are whatever the uploader typed.
 */
const cell = (value: string | number): string => {
  const text = String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
};

export const INVALID_ROWS_CSV_HEADER = 'line,value,reason\r\n';

export const invalidRowsCsv = (rows: InvalidRow[]): string =>
  rows.map((row) => `${[row.line, row.value, row.reason].map(cell).join(',')}\r\n`).join('');
