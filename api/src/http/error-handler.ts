import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ErrorBody } from '@notify/shared';
import { isInfrastructureUnavailable } from '@notify/shared/store';
import { httpErrorFor } from './domain-errors';
import { HttpError } from './http-error';

/** body-parser's error types and the answer each deserves. */
const BODY_PARSER_ERRORS: Record<string, [number, string, string]> = {
  'entity.parse.failed': [400, 'malformed_json', 'The body is not valid JSON'],
  'entity.too.large': [413, 'payload_too_large', 'The body is larger than the limit'],
  'encoding.unsupported': [415, 'unsupported_encoding', 'The content encoding is not supported'],
  'charset.unsupported': [415, 'unsupported_charset', 'Send the body as UTF-8'],
  'request.aborted': [400, 'request_aborted', 'The request was aborted'],
  'request.size.invalid': [400, 'invalid_size', 'The body length does not match Content-Length'],
};

/**
 * A decoder's refusal of the body (zlib: Z_DATA_ERROR, Z_BUF_ERROR for a cut-off stream;
 * brotli: ERR__ERROR_FORMAT_…). body-parser passes these on with neither a `type` nor a
 * status of ours, so without this they would be answered 500.
 */
const isDecodingError = (error: unknown): error is Error & { code: string } => {
  const { code, errno } = (error ?? {}) as { code?: unknown; errno?: unknown };
  return typeof errno === 'number' && typeof code === 'string' && /^(Z_|ERR__ERROR_)/.test(code);
};

/**
 * Any other error express's own stack marks as the client's with a 4xx status: body-parser's
 * (http-errors, `expose`) and the router's for a path parameter that is not valid %-encoding.
 */
const clientStatusOf = (error: unknown): number | undefined => {
  const { status, expose } = (error ?? {}) as { status?: unknown; expose?: unknown };
  const clients = expose === true || error instanceof URIError;
  return clients && typeof status === 'number' && status >= 400 && status < 500
    ? status
    : undefined;
};

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: 'not_found', message: `No route for ${req.method} ${req.path}` });
};

export function errorHandler(retryAfterSeconds: number): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const send = (status: number, body: ErrorBody, headers: Record<string, string> = {}) =>
      res.status(status).set(headers).json(body);

    const known = error instanceof HttpError ? error : httpErrorFor(error, retryAfterSeconds);
    if (known) {
      const body: ErrorBody = { error: known.code, message: known.message };
      if (known.fields) body.fields = known.fields;
      return send(known.status, body, known.headers);
    }
    const parserType = (error as { type?: string }).type;
    const parserError = parserType ? BODY_PARSER_ERRORS[parserType] : undefined;
    if (parserError)
      return send(parserError[0], { error: parserError[1], message: parserError[2] });
    const encoding = req.get('content-encoding');
    if (encoding && isDecodingError(error)) {
      return send(400, {
        error: 'invalid_content_encoding',
        message: `The body is not valid ${encoding} data (${error.message})`,
      });
    }
    const clientStatus = clientStatusOf(error);
    if (clientStatus) {
      return send(clientStatus, { error: 'bad_request', message: 'The request was refused' });
    }
    if (isInfrastructureUnavailable(error)) {
      req.log.warn({ err: error }, 'dependency unavailable');
      return send(
        503,
        { error: 'service_unavailable', message: 'A dependency is unavailable; retry later' },
        { 'Retry-After': String(retryAfterSeconds) },
      );
    }
    req.log.error({ err: error }, 'unhandled error');
    return send(500, { error: 'internal_error', message: 'Something went wrong on our side' });
  };
}
