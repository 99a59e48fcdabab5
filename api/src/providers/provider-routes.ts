import { Router, type RequestHandler } from 'express';
import { providersQuerySchema } from '@notify/shared';
import { parseWith } from '../http/parse-input';
import type { ProviderHealthService } from './provider-health-service';

export function providerRoutes(health: ProviderHealthService, reads: RequestHandler[]): Router {
  const router = Router();
  router.get('/providers', ...reads, async (req, res) => {
    const { minutes } = parseWith(providersQuerySchema, req.query);
    res.json(await health.get(minutes));
  });
  return router;
}
