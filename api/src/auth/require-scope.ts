import type { RequestHandler } from 'express';
import { HttpError } from '../http/http-error';
import { findKey, type ApiKey, type Scope } from './api-keys';

/** Bearer token first (RFC 6750), X-API-Key as the alternative some clients prefer. */
export function presentedKey(headers: { authorization?: string; 'x-api-key'?: string | string[] }) {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
  const header = headers['x-api-key'];
  return bearer ?? (typeof header === 'string' ? header : undefined);
}

/** The caller, for logs and replay records: the key's name, never the key. */
export const callerOf = (locals: Record<string, unknown>): string =>
  (locals.apiKey as ApiKey | undefined)?.name ?? 'anonymous';

const unauthorized = (message: string) =>
  new HttpError(401, 'unauthorized', message, undefined, { 'WWW-Authenticate': 'Bearer' });

/** The configured key the caller presents, or the 401 that says what is wrong with it. */
export function keyFromHeaders(
  keys: ApiKey[],
  headers: Parameters<typeof presentedKey>[0],
): ApiKey | HttpError {
  const presented = presentedKey(headers);
  if (!presented) return unauthorized('Send an API key: Authorization: Bearer <key>');
  return findKey(keys, presented) ?? unauthorized('The API key is not valid');
}

/**
 * 401 without a valid key, 403 with a key that lacks the scope. With auth disabled
 * (AUTH_DISABLED=true, for local experiments only) every caller passes as "anonymous".
 */
export function requireScope(keys: ApiKey[], disabled: boolean) {
  return (scope: Scope): RequestHandler =>
    (req, res, next) => {
      if (disabled) return next();
      // Normally found by `authenticate` before the body was read; looked up here otherwise.
      const key = (res.locals.apiKey as ApiKey | undefined) ?? keyFromHeaders(keys, req.headers);
      if (key instanceof HttpError) throw key;
      if (!key.scopes.includes(scope)) {
        throw new HttpError(403, 'forbidden', `This API key may not ${scope}`);
      }
      res.locals.apiKey = key;
      next();
    };
}
