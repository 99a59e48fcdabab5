import { randomBytes } from 'node:crypto';
import express, {
  Router,
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import type { Logger } from 'pino';
import { maskRecipient } from '@notify/shared';
import type { MockConfig } from '../config';
import { drawSource } from '../flaky-provider/outcome-draw';
import type { EmailStats } from './email-stats';
import { emailProblem, invalidJsonDetail, requireStrings } from './email-validation';
import { rateLimitMessage, retryAfterSeconds, slidingWindowLimit } from './sliding-window-limit';
import { tokenIssuer } from './token-issuer';

/** The contract's 5xx answers, word for word. */
const FAILURES = [
  { status: 500, detail: 'Internal server error occurred while processing email' },
  { status: 502, detail: 'Bad gateway - external email service unavailable' },
  { status: 503, detail: 'Service temporarily unavailable for maintenance' },
] as const;

const bearerToken = (header: string | undefined) =>
  /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? null;

/** Enough of the recipient to tell requests apart in logs, before the body is validated. */
function maskedRecipient(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('to' in body)) return undefined;
  return typeof body.to === 'string' ? maskRecipient(body.to) : undefined;
}

/** The authenticated e-mail API of mock-api/fixtures/email-api.openapi.json. */
export function emailApiRoutes(config: MockConfig, stats: EmailStats, logger: Logger): Router {
  const tokens = tokenIssuer(config);
  const limit = slidingWindowLimit({
    max: config.MOCK_EMAIL_RATE_MAX,
    windowMs: config.MOCK_EMAIL_RATE_WINDOW_MS,
  });
  const limitDetail = rateLimitMessage(
    config.MOCK_EMAIL_RATE_MAX,
    config.MOCK_EMAIL_RATE_WINDOW_MS,
  );
  const draw = drawSource(config.MOCK_SEED);
  if (!tokens.credentialsConfigured) {
    logger.warn(
      {},
      'MOCK_EMAIL_USERNAME or MOCK_EMAIL_PASSWORD is unset: every token request will get 401',
    );
  }

  // Unparseable JSON is remembered, not answered at once: on /send-email a bad token or
  // the rate limit must still win over a bad body, as the contract orders its checks.
  const badJson = new WeakSet<Request>();
  const rememberBadJson: ErrorRequestHandler = (error: { type?: string }, req, _res, next) => {
    if (error.type !== 'entity.parse.failed') return next(error);
    badJson.add(req);
    next();
  };
  const parseJson = express.json({ limit: '100kb' });

  const router = Router();

  router.post('/auth/token', parseJson, rememberBadJson, async (req: Request, res: Response) => {
    if (badJson.has(req)) return void res.status(422).json({ detail: invalidJsonDetail });
    const fields = requireStrings(req.body, ['username', 'password']);
    if (!fields.ok) return void res.status(422).json({ detail: fields.detail });
    const { username, password } = fields.values;
    if (!tokens.credentialsMatch(username, password)) {
      stats.count('authFailures');
      logger.debug({}, 'token refused: invalid credentials');
      return void res.status(401).json({ detail: 'Invalid credentials' });
    }
    const issued = await tokens.issue(username);
    stats.count('tokensIssued');
    logger.debug({ jti: issued.jti, expiresIn: issued.expiresIn }, 'token issued');
    res.json({
      access_token: issued.accessToken,
      token_type: 'bearer',
      expires_in: issued.expiresIn,
    });
  });

  // Arrival time, stamped before the body is parsed and the token verified (both async), so
  // the window measures when requests came in, not how long the checks before it took.
  const stampArrival: RequestHandler = (_req, res, next) => {
    res.locals.arrivedAt = performance.now();
    next();
  };

  router.post(
    '/send-email',
    stampArrival,
    parseJson,
    rememberBadJson,
    async (req: Request, res: Response) => {
      const body: unknown = badJson.has(req) ? undefined : req.body;
      const recipient = maskedRecipient(body);

      const accessToken = bearerToken(req.get('authorization'));
      const jti = accessToken === null ? null : await tokens.verify(accessToken);
      if (jti === null) {
        stats.count('unauthorized');
        logger.debug({ recipient }, 'send-email refused: invalid token');
        return void res.status(401).json({ detail: 'Invalid token' });
      }

      const decision = limit.attempt(jti, res.locals.arrivedAt as number);
      if (!decision.allowed) {
        stats.count('rateLimited');
        const retryAfter = retryAfterSeconds(decision.retryAfterMs);
        logger.debug({ jti, recipient, retryAfter }, 'send-email refused: rate limited');
        res.set('Retry-After', String(retryAfter));
        return void res.status(429).json({ detail: limitDetail });
      }

      if (badJson.has(req)) {
        stats.count('invalid');
        return void res.status(422).json({ detail: invalidJsonDetail });
      }
      const fields = requireStrings(body, ['to', 'subject', 'body']);
      if (!fields.ok) {
        stats.count('invalid');
        return void res.status(422).json({ detail: fields.detail });
      }
      const problem = emailProblem(fields.values);
      if (problem !== null) {
        stats.count('invalid');
        return void res.status(400).json({ detail: problem });
      }

      // One draw per valid request, failing or not, so a seeded sequence stays stable; where
      // it falls inside the failure share also picks which of the three failures it is.
      const roll = draw();
      const errorPercent = config.MOCK_EMAIL_ERROR_PERCENT;
      if (roll < errorPercent) {
        const failure =
          FAILURES[Math.floor((roll / errorPercent) * FAILURES.length)] ?? FAILURES[0];
        stats.count('failed');
        logger.info({ jti, recipient, status: failure.status }, 'send-email failed on purpose');
        return void res.status(failure.status).json({ detail: failure.detail });
      }

      const messageId = `msg_${randomBytes(4).toString('hex')}`;
      stats.recordAccepted({ messageId, ...fields.values, at: new Date().toISOString() });
      logger.info({ jti, recipient, messageId }, 'send-email accepted');
      res.status(202).json({ message_id: messageId, status: 'queued' });
    },
  );

  return router;
}
