import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { report, startChaosStack, type ChaosStack } from './chaos-stack';

describe('two processors on the same queue', () => {
  let stack: ChaosStack;
  beforeAll(async () => {
    stack = await startChaosStack('compete');
  });
  afterAll(() => stack?.stop());

  it('share the work and deliver none twice', async () => {
    const second = await stack.startExtra('processor', {
      WORKER_CONCURRENCY: '100',
      RECONCILE_STALE_MS: '5000',
      RECONCILE_INTERVAL_MS: '2000',
      LOG_LEVEL: 'info',
    });
    try {
      const ids = await stack.postMany(600);
      await stack.waitAllTerminal(240_000);
      const counts = await stack.counts();
      const mock = await stack.mockStats();
      const sentBy = (file: string) =>
        readFileSync(join(stack.logs, file), 'utf8')
          .split('\n')
          .filter((l) => l.includes('"notification sent"')).length;
      const split = { first: sentBy('processor.log'), second: sentBy('processor-extra.log') };
      report('competing-processors', {
        notifications: ids.length,
        sentBy: split,
        duplicates: mock.duplicates,
      });
      expect(counts).toEqual({ sent: ids.length });
      expect(mock).toMatchObject({ unique: ids.length, duplicates: 0 });
      expect(split.first).toBeGreaterThan(0);
      expect(split.second).toBeGreaterThan(0);
      expect(split.first + split.second).toBe(ids.length);
    } finally {
      await second.process.stop();
    }
  }, 300_000);
});
