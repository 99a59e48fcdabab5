import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { Logger } from 'pino';
import { CLOSE_STEP_MS, settleWithin } from '@notify/shared/process';
import { createMetrics, watchQueueDepth } from '@notify/shared/metrics';
import type { Channel } from '@notify/shared';
import { idempotencyStore, openLedger } from '@notify/shared/ledger';
import { connectStores, campaignModel, ensureIndexes, statusPublisher } from '@notify/shared/store';
import { apiRoutes, type ApiConfig } from './config';
import { authenticate } from './auth/authenticate';
import { createApp } from './http/create-app';
import { apiRouter } from './http/api-router';
import { rateLimiter } from './http/rate-limit';
import { dashboardStatic } from './http/dashboard-static';
import { intakeMetrics } from './http/intake-metrics';
import { listenForMetrics } from './http/metrics-listener';
import { healthRoutes } from './health/health-routes';
import { invalidRowModel } from './campaigns/invalid-row-model';
import { eventRelay } from './realtime/event-relay';
import { liveMetrics } from './realtime/live-metrics';
import { overviewService } from './realtime/overview-service';
import { socketServer } from './realtime/socket-server';
import { intakeProvider, routedProviders } from './routing/intake-provider';

export interface RunningApi {
  url: string;
  port: number;
  /** Where Prometheus scrapes this api (METRICS_PORT), never the public port; null: off. */
  metricsUrl: string | null;
  stop(): Promise<void>;
}

export async function startApi(config: ApiConfig, logger: Logger): Promise<RunningApi> {
  const {
    mongo,
    commands: redis,
    blocking: subscriber,
  } = await connectStores(config, logger, 'api');
  const publish = statusPublisher(redis, config.QUEUE_PREFIX, logger);
  const ledger = openLedger({
    connection: mongo,
    redis,
    queuePrefix: config.QUEUE_PREFIX,
    publish,
    logger,
    accept: {
      storeBudgetMs: config.MONGODB_TIMEOUT_MS,
      afterStore: config.FAULT_CRASH_AFTER_STORE
        ? () => process.kill(process.pid, 'SIGKILL')
        : undefined,
    },
  });
  const campaigns = campaignModel(mongo);
  const invalidRows = invalidRowModel(mongo);
  await ensureIndexes(mongo);
  const idempotency = idempotencyStore(redis, {
    prefix: config.QUEUE_PREFIX,
    ttlMs: config.IDEMPOTENCY_TTL_S * 1000,
  });
  const routes = apiRoutes(config);
  // Campaigns keep to each chain's first provider: their ETA reads that provider's pace.
  const providers: Record<Channel, string> = {
    email: routes.email.chain[0],
    sms: routes.sms.chain[0],
  };
  const providerFor = intakeProvider(routes);
  const providerNames = routedProviders(routes);

  const metrics = liveMetrics();
  const prometheus = createMetrics();
  watchQueueDepth(
    prometheus,
    providerNames.map((provider) => ({ provider, queue: ledger.queueFor(provider) })),
  );
  const overview = overviewService(
    ledger,
    providerNames,
    redis,
    config.QUEUE_PREFIX,
    metrics,
    // The header is pushed every second; one build serves all clients in between.
    config.OVERVIEW_PUSH_MS - 50,
  );
  await overview.loadBreakers();

  const api = apiRouter({
    config,
    redis,
    ledger,
    idempotency,
    campaigns,
    invalidRows,
    overview,
    providers,
    providerFor,
    providerNames,
  });
  const app = createApp({
    logger,
    bodyLimit: config.BODY_LIMIT,
    retryAfterSeconds: config.UNAVAILABLE_RETRY_AFTER_S,
    corsOrigins: config.CORS_ORIGINS,
    trustProxy: config.TRUST_PROXY,
    observeIntake: intakeMetrics(prometheus),
    authenticate: authenticate(
      config.API_KEYS,
      config.AUTH_DISABLED,
      rateLimiter(redis, config.QUEUE_PREFIX, {
        name: 'strangers',
        points: config.UNAUTHENTICATED_RATE_LIMIT_PER_MINUTE,
        durationSeconds: 60,
        per: 'a minute without a valid API key',
      }),
    ),
    health: healthRoutes(mongo, redis, {
      queuePrefix: config.QUEUE_PREFIX,
      providers: providerNames,
    }),
    api,
    dashboard: dashboardStatic(config.DASHBOARD_DIR),
  });

  // A campaign CSV is read only as fast as it is imported (backpressure keeps memory flat),
  // so a million rows take minutes; Node's default 5-minute limit on receiving a request
  // would cut such an upload off. Headers must still arrive within Node's 60 s.
  const server = createServer({ requestTimeout: 60 * 60 * 1000 }, app);
  const sockets = socketServer(
    server,
    overview,
    config.OVERVIEW_PUSH_MS,
    { keys: config.API_KEYS, disabled: config.AUTH_DISABLED, corsOrigins: config.CORS_ORIGINS },
    logger,
  );
  const relay = eventRelay(
    subscriber,
    config.QUEUE_PREFIX,
    config.LIVE_FLUSH_MS,
    sockets,
    metrics.ingest,
    logger,
  );
  await relay.start();
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const port = (server.address() as AddressInfo).port;
  const metricsServer = await listenForMetrics(config, prometheus, logger);
  logger.info({ port, dashboard: Boolean(config.DASHBOARD_DIR) }, 'api listening');

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    metricsUrl: metricsServer && `${metricsServer.url}/metrics`,
    async stop() {
      // Every step is bounded: with Redis or MongoDB gone, a close can wait forever.
      await settleWithin(relay.stop(), CLOSE_STEP_MS);
      server.closeIdleConnections();
      // Closes every socket and the HTTP server with them, once in-flight requests finish;
      // past the grace their connections are cut.
      if (!(await settleWithin(sockets.stop(), config.SHUTDOWN_GRACE_MS))) {
        logger.warn({ graceMs: config.SHUTDOWN_GRACE_MS }, 'in-flight requests cut off');
        server.closeAllConnections();
      }
      await settleWithin(Promise.all([ledger.close(), metricsServer?.close()]), CLOSE_STEP_MS);
      // disconnect, not quit: quit waits for a Redis that may never answer.
      redis.disconnect();
      subscriber.disconnect();
      await settleWithin(mongo.close(true), CLOSE_STEP_MS);
      logger.info({}, 'api stopped');
    },
  };
}
