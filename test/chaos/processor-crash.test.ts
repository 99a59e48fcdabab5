import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryQueueName } from '@notify/shared';
import { report, startChaosStack, type ChaosStack } from './chaos-stack';

// The size. On FerretDB's SQLite backend every conditional update scans the whole
// collection (only a bare `{_id}` filter is pushed down), so 2,000 take about 10 minutes to
// drain here; CHAOS_KILL_COUNT=500 gives a quicker local run (see docs/reliability.md).
const COUNT = Number(process.env.CHAOS_KILL_COUNT ?? 2000);
// About 3 notifications a second at 2,000 stored, faster when fewer: generous, and scaled.
const DRAIN_MS = Math.max(420_000, COUNT * 700);

describe(`kill -9 of the processor in the middle of ${COUNT} notifications`, () => {
  let stack: ChaosStack;
  let connection: Redis;
  let queue: Queue;
  beforeAll(async () => {
    stack = await startChaosStack('kill', {
      // Fewer concurrent writers: on FerretDB's SQLite each one scans the collection, and a
      // crowd of them mostly collects SQLITE_BUSY; a busy write is retried after 1 s.
      WORKER_CONCURRENCY: '20',
      STORE_RETRY_DELAY_MS: '1000',
    });
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
      // The requests in flight at the kill are the ones the killed caller never heard back
      // from; only those may have been delivered and then sent again. An answer that arrived
      // is kept on the job before anything else, so it is recorded, not re-sent.
      expect(after.abandoned).toBeLessThanOrEqual(activeAtKill);
      expect(after.duplicates).toBeLessThanOrEqual(after.abandoned);
      // The restarted processor logged the stalled jobs it took over.
      expect(readFileSync(join(stack.logs, 'processor.log'), 'utf8')).toContain(
        'processor started',
      );
    },
    DRAIN_MS * 2,
  );
});
