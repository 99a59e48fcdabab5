import { Transform } from 'node:stream';
import { HttpError } from '../http/http-error';
import { uploadFailure } from './multipart-upload';

export interface CsvLimits {
  maxRecordBytes: number;
  maxFields: number;
}

/** The file's fault, named by line: a 400, and the campaign is aborted. */
export const invalidFile = (message: string) =>
  new HttpError(400, 'invalid_csv', `The file is not a CSV this endpoint accepts: ${message}`, [
    { field: 'file', message },
  ]);

/** csv-parse's own errors (a broken quote, a record over the size limit) carry a CSV_ code. */
export function csvFailure(error: unknown, limits: CsvLimits): unknown {
  const err = error as Error & { code?: unknown; lines?: number };
  if (typeof err.code !== 'string' || !err.code.startsWith('CSV_')) return uploadFailure(error);
  const line = `line ${err.lines ?? '?'}`;
  return err.code === 'CSV_MAX_RECORD_SIZE'
    ? invalidFile(`${line}: the record is longer than ${limits.maxRecordBytes} bytes`)
    : invalidFile(`${line}: ${err.message}`);
}

const NEWLINE = 0x0a;
const countNewlines = (bytes: Buffer) =>
  bytes.reduce((n, byte) => n + (byte === NEWLINE ? 1 : 0), 0);

/**
 * Passes the file on unchanged unless it holds a NUL byte, which no text CSV does and every
 * binary file (a spreadsheet workbook, a zip, an image, UTF-16 text) does: without this,
 * csv-parse would read it as rows of garbage and report each as an invalid address.
 */
export function textOnly(): Transform {
  let line = 1;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const nul = chunk.indexOf(0);
      if (nul >= 0) {
        const at = line + countNewlines(chunk.subarray(0, nul));
        done(invalidFile(`line ${at}: a binary file, not text; export the list as a UTF-8 CSV`));
        return;
      }
      line += countNewlines(chunk);
      done(null, chunk);
    },
  });
}
