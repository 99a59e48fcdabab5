import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { report, startChaosStack, type ChaosStack } from './chaos-stack';

describe('Redis restarting (AOF on) in the middle of a run', () => {
  let stack: ChaosStack;
  beforeAll(async () => {
    stack = await startChaosStack('redis');
  });
  afterAll(() => stack?.stop());

  it('loses nothing accepted, answers 503 (never 500) while it is away', async () => {
    const statuses: number[] = [];
    const accepted: string[] = [];
    let posting = true;
    // A steady producer: 20 requests a second throughout.
    const producer = (async () => {
      while (posting) {
        const results = await Promise.all(Array.from({ length: 4 }, () => stack.post()));
        for (const r of results) {
          statuses.push(r.status);
          if (r.id) accepted.push(r.id);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    await new Promise((r) => setTimeout(r, 4000));
    await stack.redis.process.stop();
    const downAt = Date.now();
    await new Promise((r) => setTimeout(r, 3000));
    await stack.redis.restart();
    const downMs = Date.now() - downAt;
    await new Promise((r) => setTimeout(r, 5000));
    posting = false;
    await producer;

    const recoveryMs = await stack.waitAllTerminal(180_000);
    const counts = await stack.counts();
    const mock = await stack.mockStats();
    const unavailable = statuses.filter((s) => s === 503).length;
    report('redis-restart', {
      requests: statuses.length,
      accepted: accepted.length,
      answered503: unavailable,
      redisDownSeconds: Math.round(downMs / 1000),
      duplicates: mock.duplicates,
      drainSeconds: Math.round(recoveryMs / 1000),
    });
    expect(statuses.every((s) => s === 202 || s === 503)).toBe(true);
    expect(unavailable).toBeGreaterThan(0);
    expect(counts).toEqual({ sent: accepted.length });
    expect(mock.unique).toBe(accepted.length);
    expect(mock.duplicates).toBe(0);
  }, 300_000);
});
