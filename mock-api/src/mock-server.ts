import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import type { MockConfig } from './config';
import { controlRoutes } from './control/control-routes';
import { outcomeOverrides } from './control/outcome-overrides';
import { emailApiRoutes } from './email-api/email-api-routes';
import { emailStats } from './email-api/email-stats';
import { emailStatsRoutes } from './email-api/email-stats-routes';
import { windowOf } from './flaky-provider/arrival-window';
import { deliveryStats } from './flaky-provider/delivery-stats';
import { startSecondFlaky } from './flaky-provider/second-flaky';
import { sendRoute } from './flaky-provider/send-route';
import { startSmtpSink } from './smtp-sink/smtp-sink';
import { smtpSinkRoutes } from './smtp-sink/smtp-sink-routes';

export interface RunningMockApi {
  url: string;
  port: number;
  /** The SMTP sink's port; null when MOCK_SMTP_PORT is unset. */
  smtpPort: number | null;
  /** The second flaky provider's port; null when MOCK_FLAKY_B_PORT is unset. */
  flakyBPort: number | null;
  stop(): Promise<void>;
}

export async function startMockApi(config: MockConfig, logger: Logger): Promise<RunningMockApi> {
  const stats = deliveryStats();
  const overrides = outcomeOverrides();
  const email = emailStats({ keepMessages: config.MOCK_CONTROL_ENABLED });
  const pending = new Set<NodeJS.Timeout>();
  const smtp =
    config.MOCK_SMTP_PORT === undefined
      ? null
      : await startSmtpSink(
          {
            port: config.MOCK_SMTP_PORT,
            host: config.HOST,
            username: config.MOCK_SMTP_USER,
            password: config.MOCK_SMTP_PASSWORD,
            keepMessages: config.MOCK_CONTROL_ENABLED,
          },
          logger,
        );
  const flakyB =
    config.MOCK_FLAKY_B_PORT === undefined
      ? null
      : await startSecondFlaky(config, config.MOCK_FLAKY_B_PORT, logger);

  const app = express();
  app.disable('x-powered-by');
  // Ahead of the shared JSON parser: the e-mail API answers bad JSON its own (FastAPI) way.
  app.use(emailApiRoutes(config, email, logger));
  // The original provider's body limit.
  app.use(express.json({ limit: '100kb' }));
  // The e-mail API contract's shape, a superset of the original provider's { status }.
  app.get(
    '/health',
    (_req, res) =>
      void res.json({ status: 'healthy', timestamp: new Date().toISOString(), version: '1.0.0' }),
  );
  app.get(
    '/stats',
    (req, res) =>
      void res.json({
        ...stats.summary(windowOf(req, config.MOCK_WINDOW_MS)),
        email: email.summary(),
        ...(smtp ? { smtp: smtp.stats.summary() } : {}),
      }),
  );
  app.get('/stats/deliveries', (_req, res) => void res.json({ deliveries: stats.deliveries() }));
  app.use(emailStatsRoutes(email, config.MOCK_CONTROL_ENABLED));
  if (smtp) app.use(smtpSinkRoutes(smtp, config.MOCK_CONTROL_ENABLED));
  app.use(sendRoute(config, stats, overrides, pending, logger));
  if (config.MOCK_CONTROL_ENABLED) app.use(controlRoutes(stats, overrides, email));
  app.use(
    (_req, res) => void res.status(404).json({ error: 'Not Found', message: 'No such route' }),
  );
  const onError: ErrorRequestHandler = (
    error: { status?: number; message?: string },
    _req,
    res,
    _next,
  ) => {
    const status = error.status && error.status < 500 ? error.status : 500;
    res
      .status(status)
      .json({ error: status === 400 ? 'Bad Request' : 'Error', message: error.message });
  };
  app.use(onError);

  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, seeded: config.MOCK_SEED !== undefined }, 'mock provider listening');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    smtpPort: smtp?.port ?? null,
    flakyBPort: flakyB?.port ?? null,
    async stop() {
      for (const timer of pending) clearTimeout(timer);
      server.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => server.close(() => resolve())),
        smtp?.stop(),
        flakyB?.stop(),
      ]);
    },
  };
}
