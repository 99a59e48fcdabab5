import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { deliveryJobOptions, deliveryQueueName } from '../delivery/delivery-job';

/** What the ledger needs of a notification to queue its next delivery run. */
export interface Enqueued {
  _id: string;
  provider: string;
  replays: readonly unknown[];
  priority: number;
}

/**
 * One BullMQ queue per provider, created once per process. Only the ledger adds jobs (it
 * derives each job id from the notification, so adding twice is a no-op); apps get the
 * queues to read counts and set the providers' rate limits.
 */
export function deliveryQueues(connection: Redis, prefix: string) {
  const queues = new Map<string, Queue>();
  const queueFor = (provider: string): Queue => {
    const existing = queues.get(provider);
    if (existing) return existing;
    const queue = new Queue(deliveryQueueName(provider), { connection, prefix });
    queues.set(provider, queue);
    return queue;
  };

  return {
    queueFor,
    /** One addBulk per provider for the whole batch. */
    async enqueue(docs: readonly Enqueued[]): Promise<void> {
      const byProvider = new Map<string, Enqueued[]>();
      for (const doc of docs)
        byProvider.set(doc.provider, [...(byProvider.get(doc.provider) ?? []), doc]);
      await Promise.all(
        [...byProvider].map(([provider, group]) =>
          queueFor(provider).addBulk(
            group.map((doc) => ({
              name: 'deliver',
              data: { notificationId: doc._id },
              opts: deliveryJobOptions(doc._id, doc.replays.length, doc.priority),
            })),
          ),
        ),
      );
    },
    close: () => Promise.all([...queues.values()].map((queue) => queue.close())),
  };
}

export type DeliveryQueues = ReturnType<typeof deliveryQueues>;
