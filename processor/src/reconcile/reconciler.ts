import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { deliveryJobOptions } from '@notify/shared';
import type { NotificationModel, NotificationRecord } from '@notify/shared/store';

export interface ReconcilerSettings {
  intervalMs: number;
  staleMs: number;
}

const BATCH = 500;

/**
 * Repairs the one gap between MongoDB and Redis: a notification stored but never enqueued
 * (api died between the two, or Redis lost data). It re-adds every unfinished notification
 * untouched for `staleMs`; the job id is the notification id, so for one still in the
 * queue the add is a no-op, and the worker's status check stops a finished one.
 */
export function reconciler(
  notifications: NotificationModel,
  queueFor: (provider: string) => Queue,
  settings: ReconcilerSettings,
  logger: Logger,
) {
  let running: Promise<number> | null = null;

  async function sweep(): Promise<number> {
    const cutoff = new Date(Date.now() - settings.staleMs);
    let lastId: string | undefined;
    let total = 0;
    for (;;) {
      const rows = await notifications
        .find(
          {
            status: { $in: ['queued', 'processing', 'retrying'] },
            updatedAt: { $lt: cutoff },
            ...(lastId ? { _id: { $gt: lastId } } : {}),
          },
          { _id: 1, provider: 1, replays: 1, priority: 1 },
        )
        .sort({ _id: 1 })
        .limit(BATCH)
        .lean<Pick<NotificationRecord, '_id' | 'provider' | 'replays' | 'priority'>[]>();
      if (rows.length === 0) break;
      const byProvider = new Map<string, typeof rows>();
      for (const row of rows)
        byProvider.set(row.provider, [...(byProvider.get(row.provider) ?? []), row]);
      for (const [provider, group] of byProvider) {
        await queueFor(provider).addBulk(
          group.map((row) => ({
            name: 'deliver',
            data: { notificationId: row._id },
            opts: deliveryJobOptions(row._id, row.replays.length, row.priority),
          })),
        );
      }
      total += rows.length;
      lastId = rows[rows.length - 1]?._id;
    }
    if (total > 0) logger.info({ checked: total }, 'reconciler re-enqueued stale notifications');
    return total;
  }

  const runOnce = () => {
    running ??= sweep()
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'reconcile sweep failed; next interval retries');
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void runOnce(), settings.intervalMs);
  timer.unref();

  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
