import { DelayedError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { DeliveryRecords } from '@notify/shared/ledger';
import type { NotifyMetrics } from '@notify/shared/metrics';
import type { CampaignGate } from './campaign-gate';
import type { DeliveryPolicy } from './delivery-policy';
import type { ProviderBreaker } from './provider-breaker';
import type { ProviderRateLimit } from './provider-rate-limit';
import type { Routing } from './provider-routing';
import type { RenderMessage } from './registration-token';

export interface DeliveryDeps {
  store: DeliveryRecords;
  render: RenderMessage;
  breaker: ProviderBreaker;
  policy: DeliveryPolicy;
  logger: Logger;
  campaignGate: CampaignGate;
  /** The provider this handler's queue delivers for, as metrics label it. */
  provider: string;
  metrics: Pick<NotifyMetrics, 'rateLimitWaits' | 'rateLimitHeadroom'>;
  /** Set when some channel has a chain of several providers; unset: no failover at all. */
  routing?: Routing;
  /** The provider's rate limit, shared by every replica; unset: unlimited. */
  limiter?: ProviderRateLimit;
}

/** One run of a delivery job, as each of its steps sees it. */
export interface DeliveryRun {
  deps: DeliveryDeps;
  job: Job;
  id: string;
  /** Replaced once the claim names the campaign, so every later line carries it. */
  log: Logger;
  postpone(delayMs: number, reason: string): Promise<never>;
}

export function deliveryRun(
  deps: DeliveryDeps,
  job: Job,
  token: string | undefined,
  id: string,
): DeliveryRun {
  const run: DeliveryRun = {
    deps,
    job,
    id,
    log: deps.logger.child({
      notificationId: id,
      jobId: job.id,
      attempt: job.attemptsMade + 1,
    }),
    // Moves the job back to the delayed set without spending an attempt.
    postpone: async (delayMs: number, reason: string): Promise<never> => {
      await job.moveToDelayed(Date.now() + delayMs, token);
      run.log.info({ delayMs, reason }, 'delivery postponed');
      throw new DelayedError();
    },
  };
  return run;
}
