import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ErrorBody } from '@notify/shared';
import { isInfrastructureUnavailable } from '@notify/shared/store';
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

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: 'not_found', message: `No route for ${req.method} ${req.path}` });
};

export function errorHandler(retryAfterSeconds: number): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const send = (status: number, body: ErrorBody, headers: Record<string, string> = {}) =>
      res.status(status).set(headers).json(body);

    if (error instanceof HttpError) {
      const body: ErrorBody = { error: error.code, message: error.message };
      if (error.fields) body.fields = error.fields;
      return send(error.status, body, error.headers);
    }
    const parserType = (error as { type?: string }).type;
    const known = parserType ? BODY_PARSER_ERRORS[parserType] : undefined;
    if (known) return send(known[0], { error: known[1], message: known[2] });
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
