import type { Request } from 'express';
import type { z } from 'zod';
import { fieldErrorsFrom } from '@notify/shared';
import { HttpError, validationError } from './http-error';

/** Parses a JSON body with the wire schema; anything else is a 4xx naming the field. */
export function parseJsonBody<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  if (!req.is('application/json')) {
    throw new HttpError(415, 'unsupported_media_type', 'Send the body as application/json');
  }
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationError([{ field: '(body)', message: 'must be a JSON object' }]);
  }
  return parseWith(schema, body);
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(fieldErrorsFrom(result.error, prefix));
  return result.data;
}
