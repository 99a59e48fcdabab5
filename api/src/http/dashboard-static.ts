import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';

/**
 * Serves the built dashboard (vite build output) when it exists, with the SPA fallback:
 * any other GET outside /api, /health and /ready gets index.html. Hashed assets are cached
 * for a year; index.html never, so a deploy shows up on the next load.
 */
export function dashboardStatic(dir: string | undefined): Router {
  const router = Router();
  if (!dir || !existsSync(join(dir, 'index.html'))) return router;
  router.use('/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d' }));
  router.use(express.static(dir, { index: false, maxAge: 0 }));
  router.get(/^\/(?!api\/|socket\.io\/|docs(\/|$)|health$|ready$).*/, (_req, res) => {
    res.set('Cache-Control', 'no-cache').sendFile(join(dir, 'index.html'));
  });
  return router;
}
