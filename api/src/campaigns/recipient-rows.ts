import { pipeline, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { HttpError } from '../http/http-error';
import { csvFailure, invalidFile, textOnly, type CsvLimits } from './csv-guards';

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
 * no header, `,` or `;` between fields, quotes, CRLF, a UTF-8 BOM, blank lines. A record over
 * the size or field limit, or a binary file, is refused as soon as it is seen, without
 * buffering the rest of it.
 */
export async function* recipientRows(
  file: Readable,
  limits: CsvLimits,
): AsyncGenerator<RecipientRow> {
  const parser = parse({
    bom: true,
    delimiter: [',', ';'],
    info: true,
    // Bytes of field content (separators and quotes aside); csv-parse lets one byte more
    // through than it is given, hence the −1.
    max_record_size: limits.maxRecordBytes - 1,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    // A line of only separators (`,,`) is blank too.
    skip_records_with_empty_values: true,
  });
  // Joined, so the upload failing fails the parser (and the loop below, which reports it),
  // and the loop stopping early stops the upload instead of leaving it unread.
  pipeline(file, textOnly(), parser, () => undefined);
  const records = (async function* () {
    try {
      for await (const record of parser) {
        const row = record as { record: string[]; info: { lines: number } };
        if (row.record.length > limits.maxFields) {
          throw invalidFile(`line ${row.info.lines}: more than ${limits.maxFields} fields`);
        }
        yield row;
      }
    } catch (error) {
      throw csvFailure(error, limits);
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
