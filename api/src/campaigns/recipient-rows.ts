import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { HttpError } from '../http/http-error';

export interface RecipientRow {
  /** 1-based line in the file where the row ends (what an operator sees in an editor). */
  line: number;
  value: string;
}

const HEADER_NAMES = new Set(['email', 'e-mail', 'email_address', 'email address']);
const isHeaderCell = (cell: string) => HEADER_NAMES.has(cell.trim().toLowerCase());

/**
 * The address column of an uploaded CSV, row by row, streamed. Accepts what spreadsheets and
 * scripts produce: a header row naming an `email` column (anywhere) or a single column with
 * no header, `,` or `;` between fields, quotes, CRLF, a UTF-8 BOM, blank lines.
 */
export async function* recipientRows(file: Readable): AsyncGenerator<RecipientRow> {
  const parser = file.pipe(
    parse({
      bom: true,
      delimiter: [',', ';'],
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      // A line of only separators (`,,`) is blank too.
      skip_records_with_empty_values: true,
    }),
  );
  // A parse error mid-file is the file's fault: a 400 naming the line, not a 500.
  const records = (async function* () {
    try {
      for await (const record of parser)
        yield record as { record: string[]; info: { lines: number } };
    } catch (error) {
      const err = error as Error & { lines?: number };
      throw new HttpError(400, 'invalid_csv', `The file is not valid CSV: ${err.message}`, [
        { field: 'file', message: `line ${err.lines ?? '?'}: ${err.message}` },
      ]);
    } finally {
      file.resume();
    }
  })();

  let column: number | null = null;
  for await (const { record, info } of records) {
    if (column === null) {
      const header = record.findIndex(isHeaderCell);
      if (header >= 0) {
        column = header;
        continue;
      }
      if (record.length > 1) {
        throw new HttpError(
          400,
          'no_email_column',
          'The CSV has several columns but none named email',
          [
            {
              field: 'file',
              message: 'add a header row with a column named email, or upload one column',
            },
          ],
        );
      }
      column = 0;
    }
    yield { line: info.lines, value: record[column] ?? '' };
  }
}
