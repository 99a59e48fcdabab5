import cors from 'cors';
import express, { type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import { serializeError } from '@notify/shared';
import { errorHandler, notFoundHandler } from './error-handler';
import { outcomeOf } from './log-outcome';
import { openApiRoute } from './openapi-route';

/** The contract's version: bump it with any change a client could notice. */
const API_VERSION = '1.0.0';

export interface AppParts {
  logger: Logger;
  bodyLimit: string;
  retryAfterSeconds: number;
  corsOrigins: string[];
  trustProxy: number;
  /** Finds the caller's key (or answers 401/429) before any /api/v1 body is read. */
  authenticate: RequestHandler;
  /** Counts intake answers (Prometheus); first, so a 401 or a bad body counts too. */
  observeIntake?: RequestHandler;
  health: Router;
  api: Router;
  dashboard: Router;
}

export function createApp(parts: AppParts): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Plain key=value queries only: no nested objects, so `?recipient[$ne]=x` is just an
  // unknown key (400), never an operator.
  app.set('query parser', 'simple');
  app.set('trust proxy', parts.trustProxy);
  app.use(helmet());
  // Same origin needs no CORS; other browser origins only when listed.
  if (parts.corsOrigins.length > 0) app.use(cors({ origin: parts.corsOrigins, maxAge: 600 }));
  app.use(
    pinoHttp({
      logger: parts.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && incoming.length <= 128 ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Probes would drown the log; everything else is logged once, on completion.
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/ready' },
      // A route may name what the request did (`logOutcome`): that one line then carries the
      // ids to follow it, instead of a second line per request.
      customSuccessObject: (_req, res, fields: object) => {
        const outcome = outcomeOf(res);
        return outcome ? { ...fields, ...outcome.fields } : fields;
      },
      customSuccessMessage: (_req, res) => outcomeOf(res)?.message ?? 'request completed',
      // No headers (API keys) and no query string (recipient searches) in request logs, and
      // errors without the documents they carry (pino-http would replace the logger's own).
      serializers: {
        err: serializeError,
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        // The status says what happened; the response headers are the same on every line.
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(parts.health);
  app.use(openApiRoute(API_VERSION));
  app.use(
    '/api/v1',
    ...(parts.observeIntake ? [parts.observeIntake] : []),
    parts.authenticate,
    express.json({ limit: parts.bodyLimit, strict: true }),
    parts.api,
  );
  app.use(parts.dashboard);
  app.use(notFoundHandler);
  app.use(errorHandler(parts.retryAfterSeconds));
  return app;
}
