import { expect } from 'vitest';
import { buildNotification } from '../support/build-notification';
import type { ChaosStack } from './chaos-stack';

/**
 * Posts one SMS every `everyMs` in the background until stopped, each accepted id with the
 * time it was accepted. Bounded by `maxMs` as well, so a hung test cannot send forever.
 */
export function steadySender(stack: ChaosStack, everyMs: number, maxMs: number) {
  const accepted: { id: string; at: number }[] = [];
  let sending = true;
  const done = (async () => {
    const started = Date.now();
    const posts: Promise<void>[] = [];
    for (let n = 0; sending && Date.now() - started < maxMs; n++) {
      posts.push(
        stack.post(buildNotification({ type: 'sms' })).then((result) => {
          expect(result.status).toBe(202);
          accepted.push({ id: result.id!, at: Date.now() });
        }),
      );
      // Paced from the start, not from the last post, so a slow answer does not lower the rate.
      await new Promise((r) => setTimeout(r, started + (n + 1) * everyMs - Date.now()));
    }
    await Promise.all(posts);
  })();
  return {
    accepted,
    /** Stops sending and waits for every post still under way. */
    async stop() {
      sending = false;
      await done;
    },
  };
}
