import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { deliveryJobOptions, deliveryQueueName } from '../delivery/delivery-job';

/** What the ledger needs of a notification to queue its next delivery run. */
export interface Enqueued {
  _id: string;
  provider: string;
  replays: readonly unknown[];
  priority: number;
  /** Set by a failover: the queue it moved to, and how many moves it has made. */
  routedTo?: string | null;
  failovers?: number;
}

/** Where its next job goes: the provider a failover moved it to, else the intake's target. */
export const currentTarget = (doc: Enqueued): string => doc.routedTo ?? doc.provider;

/**
 * Each move gets a job id of its own (`<run id>-f<n>`): a move back to a queue it has left
 * must not collide with its earlier job there, kept an hour after completing.
 */
const jobOptionsFor = (doc: Enqueued) => {
  const options = deliveryJobOptions(doc._id, doc.replays.length, doc.priority);
  const moves = doc.failovers ?? 0;
  return moves > 0 ? { ...options, jobId: `${options.jobId}-f${moves}` } : options;
};

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
      for (const doc of docs) {
        const target = currentTarget(doc);
        byProvider.set(target, [...(byProvider.get(target) ?? []), doc]);
      }
      await Promise.all(
        [...byProvider].map(([provider, group]) =>
          queueFor(provider).addBulk(
            group.map((doc) => ({
              name: 'deliver',
              data: { notificationId: doc._id },
              opts: jobOptionsFor(doc),
            })),
          ),
        ),
      );
    },
    close: () => Promise.all([...queues.values()].map((queue) => queue.close())),
  };
}

export type DeliveryQueues = ReturnType<typeof deliveryQueues>;
