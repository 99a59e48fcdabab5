import type { Logger } from 'pino';
import { openLedger, RECIPIENT_CHUNK } from '@notify/shared/ledger';
import { CLOSE_STEP_MS, settleWithin } from '@notify/shared/process';
import { createMetrics, observeStatusEvents, watchQueueDepth } from '@notify/shared/metrics';
import {
  connectStores,
  campaignModel,
  ensureIndexes,
  pingMongo,
  registerWorkers,
  statusPublisher,
  workerInstanceId,
} from '@notify/shared/store';
import type { ProcessorConfig } from './config';
import { campaignFeeder } from './delivery/campaign-feeder';
import { campaignGate } from './delivery/campaign-gate';
import { providerLimits } from './delivery/provider-limits';
import { providerStatsRecorder } from './delivery/provider-stats';
import { providerWorkers } from './delivery/provider-workers';
import { startHealthServer } from './health/health-server';
import { createProvider } from './providers/provider-registry';
import { providerSettings } from './providers/provider-settings';

export interface RunningProcessor {
  healthPort: number;
  stop(): Promise<void>;
}

export async function startProcessor(
  config: ProcessorConfig,
  logger: Logger,
): Promise<RunningProcessor> {
  // Workers block on Redis; commands (publish, reconciler adds) use a connection of their own.
  const { mongo, commands, blocking } = await connectStores(config, logger, 'processor');

  const metrics = createMetrics();
  const publish = observeStatusEvents(
    statusPublisher(commands, config.QUEUE_PREFIX, logger),
    metrics,
  );
  const ledger = openLedger({
    connection: mongo,
    redis: commands,
    queuePrefix: config.QUEUE_PREFIX,
    publish,
    logger,
  });
  await ensureIndexes(mongo);
  const queueFor = ledger.queueFor;

  // One for all workers, so each campaign's final state is read once per process.
  const gate = campaignGate(campaignModel(mongo), { staleMs: config.CAMPAIGN_IMPORT_STALE_MS });
  const limits = providerLimits(commands, config);
  const providers = config.PROVIDERS.map((name) =>
    createProvider(name, providerSettings(config, limits.sendGate, name)),
  );
  // Before any worker starts; a provider without a paced queue has any earlier pace removed.
  for (const provider of providers) await limits.paceQueue(provider.name, queueFor(provider.name));
  watchQueueDepth(
    metrics,
    providers.map((provider) => ({ provider: provider.name, queue: queueFor(provider.name) })),
  );

  // One id for the worker registry and the breaker states: the api counts live ones only.
  const instanceId = workerInstanceId();
  const stats = providerStatsRecorder(commands, config.QUEUE_PREFIX, instanceId, logger);
  const workers = providerWorkers({
    config,
    logger,
    providers,
    ledger,
    gate,
    limits,
    stats,
    publish,
    metrics,
    blocking,
  });

  const registration = await registerWorkers(
    commands,
    config.QUEUE_PREFIX,
    config.PROVIDERS,
    config.WORKER_HEARTBEAT_MS,
    logger,
    instanceId,
  );

  const repair = ledger.reconciler({
    intervalMs: config.RECONCILE_INTERVAL_MS,
    staleMs: config.RECONCILE_STALE_MS,
    auditIntervalMs: config.LEDGER_AUDIT_INTERVAL_MS,
  });
  void repair.runOnce();
  const feeder = campaignFeeder(
    ledger,
    gate,
    // Refilled below one chunk (RECIPIENT_CHUNK): a campaign keeps one to two chunks queued.
    { intervalMs: config.CAMPAIGN_FEED_INTERVAL_MS, lowWater: RECIPIENT_CHUNK },
    logger,
  );
  feeder.start();

  const health = await startHealthServer(
    config.HOST,
    config.PORT,
    async () => ({
      mongodb: await pingMongo(mongo),
      redis: commands.status === 'ready',
    }),
    metrics.registry,
  );
  logger.info(
    {
      providers: config.PROVIDERS,
      concurrency: config.WORKER_CONCURRENCY,
      healthPort: health.port,
    },
    'processor started',
  );

  return {
    healthPort: health.port,
    async stop() {
      await registration.stop();
      await settleWithin(feeder.stop(), CLOSE_STEP_MS);
      // Stop taking jobs and let in-flight sends finish, within the grace period; past it,
      // unfinished jobs are left to stall and be picked up again by the next worker.
      const drained = Promise.all(workers.map((worker) => worker.close()));
      if (!(await settleWithin(drained, config.SHUTDOWN_GRACE_MS)))
        logger.warn({ graceMs: config.SHUTDOWN_GRACE_MS }, 'in-flight jobs did not finish');
      // Every step from here is bounded: with Redis or MongoDB gone, a close can wait forever.
      // (BullMQ's close(true) after close() returns the same pending promise, so it cannot
      // force anything; disconnecting the clients fails the commands the jobs wait on.)
      health.server.closeAllConnections();
      for (const provider of providers) provider.close?.();
      await settleWithin(
        Promise.all([
          repair.stop(),
          ledger.close(),
          new Promise<void>((resolve) => health.server.close(() => resolve())),
        ]),
        CLOSE_STEP_MS,
      );
      // disconnect, not quit: quit waits for a Redis that may never answer.
      blocking.disconnect();
      commands.disconnect();
      await settleWithin(mongo.close(true), CLOSE_STEP_MS);
      logger.info({}, 'processor stopped');
    },
  };
}
