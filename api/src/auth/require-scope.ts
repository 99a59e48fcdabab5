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

/**
 * 401 without a valid key, 403 with a key that lacks the scope. With auth disabled
 * (AUTH_DISABLED=true, for local experiments only) every caller passes as "anonymous".
 */
export function requireScope(keys: ApiKey[], disabled: boolean) {
  return (scope: Scope): RequestHandler =>
    (req, res, next) => {
      if (disabled) return next();
      const presented = presentedKey(req.headers);
      if (!presented) {
        throw new HttpError(
          401,
          'unauthorized',
          'Send an API key: Authorization: Bearer <key>',
          undefined,
          {
            'WWW-Authenticate': 'Bearer',
          },
        );
      }
      const key = findKey(keys, presented);
      if (!key)
        throw new HttpError(401, 'unauthorized', 'The API key is not valid', undefined, {
          'WWW-Authenticate': 'Bearer',
        });
      if (!key.scopes.includes(scope)) {
        throw new HttpError(403, 'forbidden', `This API key may not ${scope}`);
      }
      res.locals.apiKey = key;
      next();
    };
}
