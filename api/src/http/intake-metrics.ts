import type { Request, RequestHandler, Response } from 'express';
import type { IntakeOutcome, NotifyMetrics } from '@notify/shared/metrics';

/** The intake routes, relative to /api/v1 where this middleware is mounted. */
const INTAKE_ROUTES: Record<string, string> = {
  '/notifications': 'notification',
  '/campaigns': 'campaign',
};

function outcomeOf(res: Response): IntakeOutcome {
  if (!res.writableFinished) return 'client_closed';
  const status = res.statusCode;
  if (status < 300) return res.get('Idempotent-Replayed') === 'true' ? 'replayed' : 'accepted';
  if (status === 429) return 'rate_limited_429';
  if (status === 503) return 'unavailable_503';
  if (status >= 500) return 'error_5xx';
  return 'rejected_4xx';
}

/**
 * Counts every intake request (POST /notifications, POST /campaigns) by how it ended, from
 * its answer alone. Mounted before authentication and body parsing, so a 401, a 413 or a
 * malformed body counts too. 'close' fires after 'finish', and also when the client went
 * away first (client_closed): the request may still have been stored.
 */
export function intakeMetrics(metrics: Pick<NotifyMetrics, 'intake'>): RequestHandler {
  return (req: Request, res: Response, next) => {
    const route =
      req.method === 'POST' ? INTAKE_ROUTES[req.path.replace(/\/$/, '').toLowerCase()] : undefined;
    if (route) res.once('close', () => metrics.intake.inc({ route, outcome: outcomeOf(res) }));
    next();
  };
}
