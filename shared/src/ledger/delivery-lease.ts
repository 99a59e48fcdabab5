import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Deletes the key only while it still holds our token: an expired lease is someone else's. */
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

export type LeaseAttempt = { held: true; token: string } | { held: false; remainingMs: number };

/**
 * The guard that stops a second send of one notification: one Redis key per notification,
 * taken with SET NX PX. It costs one round trip whatever the number of stored
 * notifications (a conditional update in MongoDB costs an index lookup at best, and a scan
 * of the collection on the embedded store), and it lives where BullMQ's own job locks live,
 * so it is exactly as available as the queue itself. A process that dies holding a lease
 * blocks that notification for at most the lease's length.
 */
export function deliveryLease(redis: Redis, queuePrefix: string) {
  const keyOf = (notificationId: string) => `${queuePrefix}:lease:${notificationId}`;

  return {
    async acquire(notificationId: string, leaseMs: number): Promise<LeaseAttempt> {
      const token = randomUUID();
      const taken = await redis.set(keyOf(notificationId), token, 'PX', leaseMs, 'NX');
      if (taken === 'OK') return { held: true, token };
      // -2 (expired between the two calls) or -1 (no expiry, never set by us): retry soon.
      const remainingMs = await redis.pttl(keyOf(notificationId));
      return { held: false, remainingMs: Math.max(remainingMs, 0) };
    },

    async release(notificationId: string, token: string): Promise<void> {
      await redis.eval(RELEASE_SCRIPT, 1, keyOf(notificationId), token);
    },
  };
}

export type DeliveryLease = ReturnType<typeof deliveryLease>;
