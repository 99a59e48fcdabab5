import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { BACKOFF_STRATEGY, deliveryQueueName } from '@notify/shared';
import type { DeliveryRecords } from '@notify/shared/ledger';
import { TransientDeliveryError } from './delivery-outcome';
import { fullJitterBackoff, type BackoffSettings } from './retry-policy';

export interface WorkerSettings {
  concurrency: number;
  prefix: string;
  backoff: BackoffSettings;
  /** BullMQ's lock on an active job; renewed while the job runs, lost when the process dies. */
  lockDurationMs: number;
}

export function deliveryWorker(
  provider: string,
  processor: (job: Job, token?: string) => Promise<void>,
  connection: Redis,
  store: DeliveryRecords,
  settings: WorkerSettings,
  logger: Logger,
): Worker {
  const worker = new Worker(deliveryQueueName(provider), processor, {
    connection,
    prefix: settings.prefix,
    concurrency: settings.concurrency,
    lockDuration: settings.lockDurationMs,
    // A job whose worker died is picked up again (after the lock expires); after 3 such
    // crashes in a row it is dead-lettered instead of crashing workers forever.
    maxStalledCount: 3,
    settings: {
      // The handler picks (and records) a transient failure's delay; this applies it.
      backoffStrategy: (attemptsMade: number, type?: string, error?: Error) => {
        if (type !== BACKOFF_STRATEGY) return 0;
        if (error instanceof TransientDeliveryError && error.delayMs !== null) return error.delayMs;
        return fullJitterBackoff(attemptsMade, settings.backoff);
      },
    },
  });

  worker.on('failed', (job: Job | undefined, error: Error) => {
    if (!job || error instanceof UnrecoverableError) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || /stalled/i.test(error.message);
    // Our own final failures are recorded by the handler; this catches the queue's (stalls).
    if (final) {
      const reason = `queue gave up: ${error.message}`;
      store.failIfUnfinished(job.data.notificationId as string, reason).catch((err: unknown) => {
        logger.error({ notificationId: job.data.notificationId, err }, 'could not dead-letter');
      });
    }
  });
  worker.on('error', (error) => logger.error({ err: error, provider }, 'worker error'));
  return worker;
}
