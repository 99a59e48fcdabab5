import type { RequestHandler } from 'express';
import { HttpError } from '../http/http-error';
import type { ConsumeRate } from '../http/rate-limit';
import type { ApiKey } from './api-keys';
import { keyFromHeaders } from './require-scope';

/**
 * Runs in front of every /api/v1 route, before the body is read: a caller without a valid
 * key costs a header lookup and one counter, never a parse or an upload. Such callers are
 * limited per client address (req.ip: the X-Forwarded-For entry only when TRUST_PROXY trusts
 * the proxy that set it), so a flood of strangers cannot crowd out callers with keys.
 * Scopes are still checked per route (`requireScope`), with the key found here.
 */
export function authenticate(
  keys: ApiKey[],
  disabled: boolean,
  limitStrangers: ConsumeRate,
): RequestHandler {
  return async (req, res, next) => {
    if (disabled) return next();
    const key = keyFromHeaders(keys, req.headers);
    if (key instanceof HttpError) {
      const rateHeaders = await limitStrangers(`ip:${req.ip ?? 'unknown'}`);
      throw new HttpError(key.status, key.code, key.message, undefined, {
        ...key.headers,
        ...rateHeaders,
      });
    }
    res.locals.apiKey = key;
    next();
  };
}
