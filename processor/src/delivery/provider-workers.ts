import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Ledger } from '@notify/shared/ledger';
import type { NotifyMetrics } from '@notify/shared/metrics';
import type { PublishStatus } from '@notify/shared/store';
import type { ProcessorConfig } from '../config';
import type { NotificationProvider } from '../providers/provider';
import { timeoutFor } from '../providers/provider-timeouts';
import type { CampaignGate } from './campaign-gate';
import { deliveryHandler } from './deliver-notification';
import { deliveryPolicy } from './delivery-policy';
import { deliveryWorker } from './delivery-worker';
import { providerBreaker, type ProviderBreaker } from './provider-breaker';
import type { ProviderLimits } from './provider-limits';
import { routingFor } from './provider-routing';
import type { ProviderStatsRecorder } from './provider-stats';
import { tokenRenderer } from './registration-token';

export interface ProviderWorkerDeps {
  config: ProcessorConfig;
  logger: Logger;
  providers: NotificationProvider[];
  ledger: Ledger;
  gate: CampaignGate;
  limits: ProviderLimits;
  stats: ProviderStatsRecorder;
  publish: PublishStatus;
  metrics: NotifyMetrics;
  /** The connection workers block on, apart from the one for commands. */
  blocking: Redis;
}

/**
 * One breaker and one BullMQ worker per served provider, routed along the configured chains;
 * the workers start taking jobs at once and are what stopping the processor must close.
 */
export function providerWorkers(deps: ProviderWorkerDeps): Worker[] {
  const { config, logger, providers, ledger, gate, limits, stats, publish, metrics, blocking } =
    deps;
  const store = ledger.delivery;
  const render = tokenRenderer(config.CAMPAIGN_TOKEN_SECRET);
  // Per replica: each process judges a provider by the calls it made itself (SOLUTION.md).
  const served = providers.map((provider) => ({
    provider,
    breaker: providerBreaker(
      provider,
      {
        errorThresholdPercentage: config.BREAKER_ERROR_PERCENT,
        volumeThreshold: config.BREAKER_VOLUME_THRESHOLD,
        rollingCountTimeout: config.BREAKER_WINDOW_MS,
        resetTimeout: config.BREAKER_RESET_MS,
      },
      logger,
      publish,
      metrics,
      (result) => stats.attempt(provider.name, result),
    ),
  }));
  for (const { provider, breaker } of served) stats.watchBreaker(provider.name, breaker);
  const breakers = new Map<string, ProviderBreaker>(
    served.map(({ provider, breaker }) => [provider.name, breaker]),
  );
  const routing = routingFor(
    { email: config.EMAIL_PROVIDERS, sms: config.SMS_PROVIDERS },
    breakers,
    {
      move: ledger.moveToProvider,
      failoverAfterUncertain: config.FAILOVER_AFTER_UNCERTAIN,
      metrics,
      spills: limits.spills,
      hasRoom: limits.hasRoom,
    },
  );

  return served.map(({ provider, breaker }) => {
    const name = provider.name;
    const timeoutMs = timeoutFor(config, name);
    const limiter = limits.limiterFor(name);
    const handler = deliveryHandler({
      store,
      render,
      breaker,
      campaignGate: gate,
      provider: name,
      metrics,
      routing,
      limiter,
      logger: logger.child({ provider: name }),
      policy: deliveryPolicy(config, timeoutMs, limiter),
    });
    return deliveryWorker(
      name,
      handler,
      blocking,
      store,
      {
        concurrency: config.WORKER_CONCURRENCY,
        prefix: config.QUEUE_PREFIX,
        backoff: { baseDelayMs: config.RETRY_BASE_DELAY_MS, maxDelayMs: config.RETRY_MAX_DELAY_MS },
        // 30 s (BullMQ's default) is three provider timeouts: a live job never loses its lock.
        lockDurationMs: Math.max(30_000, timeoutMs * 3),
      },
      logger,
    );
  });
}
