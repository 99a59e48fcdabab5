import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryQueueName } from '@notify/shared';
import { report, startChaosStack, type ChaosStack } from './chaos-stack';

// The size. Every processor write is addressed by `_id` (an index lookup on the
// embedded store too), so the drain is bounded by the provider's pace, not the store.
const COUNT = Number(process.env.CHAOS_KILL_COUNT ?? 2000);
// 100 workers against the mock's odds (a fifth of the answers take 5 s) deliver about 40 a
// second here; the limit leaves room for a loaded CI machine without hiding a stall.
const DRAIN_MS = Math.max(240_000, COUNT * 120);

describe(`kill -9 of the processor in the middle of ${COUNT} notifications`, () => {
  let stack: ChaosStack;
  let connection: Redis;
  let queue: Queue;
  beforeAll(async () => {
    stack = await startChaosStack(
      'kill',
      {
        // A store write that fails (SQLITE_BUSY under load) is retried after 1 s.
        STORE_RETRY_DELAY_MS: '1000',
        // The benchmark's "default settings" variant: CHAOS_KILL_WORKERS=50 CHAOS_KILL_HINT_S=30.
        ...(process.env.CHAOS_KILL_WORKERS
          ? { WORKER_CONCURRENCY: process.env.CHAOS_KILL_WORKERS }
          : {}),
      },
      process.env.CHAOS_KILL_HINT_S
        ? { 'mock-api': { MOCK_RETRY_AFTER_SECONDS: process.env.CHAOS_KILL_HINT_S } }
        : {},
    );
    connection = new Redis(stack.redis.url, { maxRetriesPerRequest: null });
    queue = new Queue(deliveryQueueName('flaky'), { prefix: 'notify', connection });
  });
  afterAll(async () => {
    await queue?.close();
    connection?.disconnect();
    await stack?.stop();
  });

  it(
    'ends with every notification sent, none stuck, duplicates within what was in flight',
    async () => {
      // Accept them all first (the processor waits), so the kill lands mid-delivery.
      await stack.platform.processor.process.stop();
      const ids = await stack.postMany(COUNT);
      await stack.platform.processor.restart();
      await expect
        .poll(async () => (await stack.counts()).sent ?? 0, {
          timeout: DRAIN_MS / 2,
          interval: 1000,
        })
        .toBeGreaterThan(COUNT * 0.3);

      const sentAtKill = (await stack.counts()).sent ?? 0;
      // Jobs active at the kill: the most that could be re-sent (each holds at most one call).
      const [activeAtKill, atKill] = await Promise.all([queue.getActiveCount(), stack.mockStats()]);
      await stack.platform.processor.process.kill();
      const killedAt = Date.now();
      await stack.platform.processor.restart();

      const recoveryMs = await stack.waitAllTerminal(DRAIN_MS);
      const counts = await stack.counts();
      const after = await stack.mockStats();
      report('processor-kill', {
        notifications: ids.length,
        sentAtKill,
        inFlightAtProvider: atKill.inFlight,
        activeJobsAtKill: activeAtKill,
        unansweredAtKill: after.abandoned,
        duplicates: after.duplicates,
        recoverySeconds: Math.round((Date.now() - killedAt) / 1000),
        waitAfterRestartSeconds: Math.round(recoveryMs / 1000),
      });
      expect(counts).toEqual({ sent: COUNT });
      expect(after.unique).toBe(COUNT);
      // Only a call in flight at the kill may be sent again: one the provider was still
      // answering (the mock counts those as abandoned), or one it had answered but whose
      // answer the killed process had not yet kept on the job (it is read and kept within a
      // millisecond or two of arriving). Each active job holds at most one such call.
      expect(after.abandoned).toBeLessThanOrEqual(activeAtKill);
      expect(after.duplicates).toBeLessThanOrEqual(activeAtKill);
      // The restarted processor logged the stalled jobs it took over.
      expect(readFileSync(join(stack.logs, 'processor.log'), 'utf8')).toContain(
        'processor started',
      );
    },
    DRAIN_MS * 2,
  );
});
