import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';

/** Resolves when this process may send the provider's next request. */
export type SendGate = () => Promise<void>;

/**
 * The last word on a provider's request limit, shared by every replica through Redis: a
 * request leaves only when no other left in the last `spacingMs`. The queue's global rate
 * limit paces job starts (so idle workers do not pile up here); this gate closes the gap
 * between a job's start and its request leaving, which a slow MongoDB claim or a token
 * renewal can stretch by hundreds of milliseconds and so push two requests too close.
 */
export function sendGate(redis: Redis, key: string, spacingMs: number): SendGate {
  return async function waitTurn() {
    for (;;) {
      // SET NX PX: one request wins each slot, whichever replica it is on, and the slot
      // frees itself, so a process that dies holding it blocks nobody for longer than that.
      if ((await redis.set(key, '1', 'PX', spacingMs, 'NX')) === 'OK') return;
      await sleep(Math.max(await redis.pttl(key), 1));
    }
  };
}
