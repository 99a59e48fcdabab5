import { Router, type RequestHandler } from 'express';
import type { OverviewService } from './overview-service';

export function realtimeRoutes(overview: OverviewService, reads: RequestHandler[]): Router {
  const router = Router();
  router.get('/overview', ...reads, async (_req, res) => {
    res.json(await overview.get());
  });
  return router;
}
