import type { Request } from 'express';
import { PassThrough, pipeline as join, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { HttpError } from '../http/http-error';

export interface UploadedFile {
  stream: Readable;
  /** True once the file went past the size limit and the rest of it was dropped. */
  truncated(): boolean;
  filename: string;
  /** Text fields that came before the file; later ones cannot change what was imported. */
  fields: Record<string, string>;
}

const LIMITS = { files: 1, fields: 10, fieldSize: 20_000, parts: 11 };

const formError = (field: string, message: string) =>
  new HttpError(400, 'validation_failed', 'The form is not one this endpoint accepts', [
    { field, message },
  ]);

/** A text field sent after the file: the import ran without it, so the campaign is void. */
export class LateFieldError extends HttpError {
  constructor(field: string) {
    super(400, 'validation_failed', 'A form field came after the file', [
      { field, message: 'must come before the file in the form; the upload was not used' },
    ]);
  }
}

/** The body stopped before the form's end: a client that went away, or a cut-off body. */
export class UploadCutOffError extends HttpError {
  constructor(detail: string) {
    super(400, 'invalid_multipart', `The upload did not complete: ${detail}`, [
      { field: 'file', message: 'the upload did not complete; nothing from it is sent' },
    ]);
  }
}

/**
 * Any failure of the upload's streams as the answer it deserves: ours already are one; the
 * connection closing mid-body is a cut-off upload; anything else busboy saw is a bad body.
 */
export function uploadFailure(error: unknown): unknown {
  if (error instanceof HttpError || !(error instanceof Error)) return error;
  const code = (error as { code?: string }).code;
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return new UploadCutOffError('the connection closed before the end of the body');
  }
  if (/^Unexpected end of (form|file)$/.test(error.message)) {
    return new UploadCutOffError('the body ended before the closing boundary');
  }
  return new HttpError(400, 'invalid_multipart', `Malformed multipart body: ${error.message}`, [
    { field: 'file', message: error.message },
  ]);
}

/** Reads a part nobody wants to the end; busboy reports its failures on the form itself. */
const discard = (stream: Readable) =>
  pipeline(stream, new Writable({ write: (_chunk, _encoding, done) => done() })).catch(
    () => undefined,
  );

/**
 * The request's body as a stream a pipeline may destroy. Destroying the request itself would
 * close the connection under a client still sending, which then sees a reset instead of our
 * 4xx; so once the upload has failed, the rest of the body is read and dropped (as Node does
 * with any body nobody reads). A client going away mid-body fails it with that reason.
 */
function requestBody(req: Request): Readable {
  const body = new PassThrough();
  req.pipe(body);
  req.once('close', () => {
    if (!req.complete) body.destroy(new UploadCutOffError('the client went away before the end'));
  });
  body.once('close', () => {
    req.unpipe(body);
    req.resume();
  });
  return body;
}

function formParser(req: Request, maxFileBytes: number): busboy.Busboy {
  try {
    return busboy({ headers: req.headers, limits: { ...LIMITS, fileSize: maxFileBytes } });
  } catch (error) {
    throw new HttpError(
      400,
      'invalid_multipart',
      `Not a multipart upload: ${(error as Error).message}`,
    );
  }
}

/**
 * Streams a multipart upload: the `file` part is handed to `onFile` as it arrives (never
 * buffered), and the promise settles once the whole request is consumed and `onFile` is done,
 * or at the first failure. Text fields must precede the file, as browsers and curl send them
 * in the order given; one after it voids the upload (LateFieldError). The body, the form
 * parser and the file are joined by pipelines: any of them failing (a cut-off body, a client
 * gone, a part too many) fails the others and this promise with a 4xx, and the import
 * failing stops the upload at once, its answer not waiting for the rest of the body.
 */
export async function receiveUpload<T>(
  req: Request,
  maxFileBytes: number,
  onFile: (file: UploadedFile) => Promise<T>,
): Promise<T> {
  const parser = formParser(req, maxFileBytes);
  // A Map: a field named __proto__ must stay a field (and be refused as unknown).
  const fields = new Map<string, string>();
  let work: Promise<T> | null = null;
  const refuse = (error: HttpError) => parser.destroy(error);
  parser.on('field', (name, value, info) => {
    if (info.valueTruncated) refuse(formError(name, `longer than ${LIMITS.fieldSize} bytes`));
    else if (work) refuse(new LateFieldError(name));
    else if (fields.has(name)) refuse(formError(name, 'sent twice'));
    else fields.set(name, value);
  });
  parser.on('file', (name, stream, info) => {
    // busboy finishes the chunk it is in after being destroyed; a part it starts then is
    // no upload of ours (and nobody would ever end its stream).
    if (parser.destroyed) return stream.destroy();
    if (name !== 'file') {
      discard(stream);
      refuse(formError(name, 'the only file this form takes is named file'));
      return;
    }
    // Joined at once: busboy may fail the part before the import starts reading it.
    const file = join(stream, new PassThrough(), () => undefined);
    work = onFile({
      stream: file,
      truncated: () => stream.truncated === true,
      filename: info.filename ?? 'upload.csv',
      fields: Object.fromEntries(fields),
    });
    // A failed import ends the upload at once: its answer need not wait for the rest.
    work.catch((error: unknown) => parser.destroy(error as Error));
  });
  parser.on('filesLimit', () => refuse(formError('file', 'attach exactly one file')));
  parser.on('fieldsLimit', () => refuse(formError('form', `at most ${LIMITS.fields} fields`)));
  parser.on('partsLimit', () => refuse(formError('form', `at most ${LIMITS.parts} parts`)));
  try {
    await pipeline(requestBody(req), parser);
  } catch (error) {
    // The import's own failure is the better answer (it names the line); either way the
    // import is over before the answer goes out.
    const failed = await (work as Promise<T> | null)?.then(
      () => null,
      (importError: unknown) => importError,
    );
    throw failed ?? uploadFailure(error);
  }
  if (!work) throw formError('file', 'attach the CSV as a multipart part named file');
  return work as Promise<T>;
}
