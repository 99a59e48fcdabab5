import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { buildOpenApiDocument } from '@notify/shared/openapi';

/**
 * The contract, generated from the zod schemas the routes parse with: the document at
 * GET /api/v1/openapi.json, and Swagger UI (served from the package, no CDN) at /docs.
 * Public, like any published API description; trying a route in the UI still needs a key.
 */
export function openApiRoute(version: string): Router {
  const document = buildOpenApiDocument(version);
  const router = Router();
  router.get('/api/v1/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.use(
    '/docs',
    swaggerUi.serve,
    swaggerUi.setup(document, { customSiteTitle: 'Notify API' }),
  );
  return router;
}
