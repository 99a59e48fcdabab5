import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { report, startChaosStack, type ChaosStack } from './chaos-stack';

describe('the MongoDB-wire server stopping for 10 s in the middle of a run', () => {
  let stack: ChaosStack;
  beforeAll(async () => {
    stack = await startChaosStack('mongo');
  });
  afterAll(() => stack?.stop());

  it('makes the api answer 503 with Retry-After, pauses delivery, and completes everything after', async () => {
    const ids = await stack.postMany(300);
    await new Promise((r) => setTimeout(r, 1500));
    await stack.mongo.process?.stop();
    const during = await Promise.all(Array.from({ length: 5 }, () => stack.post()));
    await new Promise((r) => setTimeout(r, 10_000));
    await stack.mongo.restart();

    const recoveryMs = await stack.waitAllTerminal(240_000);
    const counts = await stack.counts();
    const mock = await stack.mockStats();
    report('mongo-outage', {
      notifications: ids.length,
      answersWhileDown: during.map((d) => d.status),
      failed: counts.failed ?? 0,
      duplicates: mock.duplicates,
      drainSecondsAfterRestart: Math.round(recoveryMs / 1000),
    });
    for (const answer of during) {
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toBe('5');
    }
    // Paused, not failed: every notification accepted before the outage is delivered.
    expect(counts).toEqual({ sent: ids.length });
    expect(mock.unique).toBe(ids.length);
  }, 360_000);
});
