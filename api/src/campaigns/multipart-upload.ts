import type { Request } from 'express';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { HttpError } from '../http/http-error';

export interface UploadedFile {
  stream: Readable & { truncated?: boolean };
  filename: string;
  /** Text fields that came before the file; later ones cannot change what was imported. */
  fields: Record<string, string>;
}

/** A text field sent after the file: the import ran without it, so the campaign is void. */
export class LateFieldError extends HttpError {
  constructor(field: string) {
    super(400, 'validation_failed', 'A form field came after the file', [
      { field, message: 'must come before the file in the form; the upload was not used' },
    ]);
  }
}

/**
 * Streams a multipart upload: the `file` part is handed to `onFile` as it arrives (never
 * buffered), and the promise settles once the whole request is consumed and `onFile` is
 * done. Text fields must precede the file, as browsers and curl send them in the order given;
 * one that follows it is refused (LateFieldError) rather than silently ignored.
 */
export async function receiveUpload<T>(
  req: Request,
  maxFileBytes: number,
  onFile: (file: UploadedFile) => Promise<T>,
): Promise<T> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      limits: { files: 1, fileSize: maxFileBytes, fields: 10, fieldSize: 20_000, parts: 11 },
    });
  } catch (error) {
    throw new HttpError(
      400,
      'invalid_multipart',
      `Not a multipart upload: ${(error as Error).message}`,
    );
  }
  const fields: Record<string, string> = {};
  let work: Promise<T> | null = null;
  let late: string | null = null;
  parser.on('field', (name, value) => {
    if (!work) fields[name] = value;
    else late ??= name;
  });
  parser.on('file', (name, stream, info) => {
    if (name !== 'file' || work) {
      stream.resume();
      return;
    }
    work = onFile({ stream, filename: info.filename ?? 'upload.csv', fields: { ...fields } });
    // Awaited below; this keeps an early failure from counting as unhandled meanwhile.
    work.catch(() => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('close', resolve);
    parser.on('error', (error: Error) =>
      reject(new HttpError(400, 'invalid_multipart', `Malformed multipart body: ${error.message}`)),
    );
    req.on('error', reject);
    req.pipe(parser);
  });
  if (!work) {
    throw new HttpError(400, 'validation_failed', 'The request has invalid fields', [
      { field: 'file', message: 'attach the CSV as a multipart part named file' },
    ]);
  }
  const result = await work;
  if (late) throw new LateFieldError(late);
  return result;
}
