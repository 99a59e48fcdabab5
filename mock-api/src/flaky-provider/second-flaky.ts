import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Logger } from 'pino';
import type { MockConfig } from '../config';
import { controlRoutes } from '../control/control-routes';
import { outcomeOverrides } from '../control/outcome-overrides';
import { emailStats } from '../email-api/email-stats';
import { windowOf } from './arrival-window';
import { deliveryStats } from './delivery-stats';
import { sendRoute } from './send-route';

export interface RunningFlakyListener {
  port: number;
  stop(): Promise<void>;
}

/**
 * A second simulated provider (`flaky-b`) on a port of its own: the same /send contract and
 * odds as the original, with its own /stats, /stats/deliveries and /control, so a failover
 * test can tell which provider delivered each message. A separate listener rather than a route
 * prefix, so the original provider's routes and behaviour stay exactly as the seed gives them.
 */
export async function startSecondFlaky(
  config: MockConfig,
  port: number,
  logger: Logger,
): Promise<RunningFlakyListener> {
  const stats = deliveryStats();
  const overrides = outcomeOverrides();
  const pending = new Set<NodeJS.Timeout>();
  const log = logger.child({ provider: 'flaky-b' });
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '100kb' }));
  app.get('/health', (_req, res) => void res.json({ status: 'healthy' }));
  app.get(
    '/stats',
    (req, res) => void res.json(stats.summary(windowOf(req, config.MOCK_WINDOW_MS))),
  );
  app.get('/stats/deliveries', (_req, res) => void res.json({ deliveries: stats.deliveries() }));
  app.use(sendRoute(config, stats, overrides, pending, log));
  if (config.MOCK_CONTROL_ENABLED)
    app.use(controlRoutes(stats, overrides, emailStats({ keepMessages: false })));
  app.use((_req, res) => void res.status(404).json({ error: 'Not Found' }));

  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(port, config.HOST, resolve));
  const bound = (server.address() as AddressInfo).port;
  log.info({ port: bound }, 'second flaky provider listening');
  return {
    port: bound,
    async stop() {
      for (const timer of pending) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
