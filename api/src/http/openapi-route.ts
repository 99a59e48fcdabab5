import { Router } from 'express';
import { buildOpenApiDocument } from '@notify/shared/openapi';

/**
 * GET /api/v1/openapi.json: the contract, generated from the zod schemas the routes parse
 * with. Public, like any published API description; it holds no data.
 */
export function openApiRoute(version: string): Router {
  const document = buildOpenApiDocument(version);
  const router = Router();
  router.get('/api/v1/openapi.json', (_req, res) => {
    res.json(document);
  });
  return router;
}
