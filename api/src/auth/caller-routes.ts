import { Router, type RequestHandler } from 'express';
import { API_SCOPES, type Caller } from '@notify/shared';
import { HttpError } from '../http/http-error';
import { keyFromHeaders } from './require-scope';
import type { ApiKey } from './api-keys';

/**
 * GET /me: the caller's key by name and its scopes, so a client (the dashboard) offers only
 * what the key may do. Any valid key may ask, whatever its scopes; a write-only key too.
 */
export function callerRoutes(keys: ApiKey[], disabled: boolean, limit: RequestHandler): Router {
  const router = Router();
  router.get(
    '/me',
    (req, res, next) => {
      if (disabled) return next();
      // Normally found by `authenticate` in front of /api/v1; looked up here otherwise.
      const key = (res.locals.apiKey as ApiKey | undefined) ?? keyFromHeaders(keys, req.headers);
      if (key instanceof HttpError) throw key;
      res.locals.apiKey = key;
      next();
    },
    limit,
    (_req, res) => {
      const key = res.locals.apiKey as ApiKey | undefined;
      // With auth disabled (local experiments only) every caller may do everything.
      const caller: Caller = key
        ? { name: key.name, scopes: key.scopes }
        : { name: 'anonymous', scopes: [...API_SCOPES] };
      res.json(caller);
    },
  );
  return router;
}
