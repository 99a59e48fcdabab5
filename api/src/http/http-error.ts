import type { FieldError } from '@notify/shared';

/** An error that already knows its HTTP answer; the error handler sends it as it is. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const validationError = (fields: FieldError[]) =>
  new HttpError(400, 'validation_failed', 'The request has invalid fields', fields);

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
