import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { report, startChaosStack, type ChaosStack } from './chaos-stack';

describe('the provider answering 500 to everything for 30 s', () => {
  let stack: ChaosStack;
  beforeAll(async () => {
    // Production breaker settings (10 calls, 50%, 10 s window, 15 s reset); a generous budget
    // so a notification could not fail during the outage even if attempts were being spent.
    stack = await startChaosStack('outage', { WORKER_CONCURRENCY: '20' });
  });
  afterAll(() => stack?.stop());

  it('opens the breaker within a bounded number of calls, spends no attempts while open, then recovers', async () => {
    await stack.mockMode('error');
    const outageStart = Date.now();
    const ids = await stack.postMany(200);
    const breaker = () =>
      stack.events.flatMap((e) =>
        e.event.kind === 'breaker.state' ? [{ at: e.at, state: e.event.state }] : [],
      );
    await expect
      .poll(() => breaker().some((b) => b.state === 'open'), { timeout: 20_000 })
      .toBe(true);
    const callsToOpen = (await stack.mockStats()).requests;

    await new Promise((r) => setTimeout(r, Math.max(0, outageStart + 30_000 - Date.now())));
    const callsDuringOutage = (await stack.mockStats()).requests;
    await stack.mockMode(null);
    const recoveryMs = await stack.waitAllTerminal(180_000);

    const counts = await stack.counts();
    const mock = await stack.mockStats();
    const docs = await stack.notifications.find({}, { attempts: 1 }).lean();
    // The failure budget counts transient failures (429s are retried without spending it).
    const transientPerNotification = docs.map(
      (d) => d.attempts.filter((a) => a.outcome === 'transient').length,
    );
    const states = breaker().map((b) => b.state);
    report('provider-outage', {
      notifications: ids.length,
      callsBeforeOpen: callsToOpen,
      callsDuringOutage,
      breakerTransitions: states,
      maxTransientAttempts: Math.max(...transientPerNotification),
      duplicates: mock.duplicates,
      recoverySeconds: Math.round(recoveryMs / 1000),
    });
    // Opened after a bounded burst: the volume threshold plus what was already in flight.
    expect(callsToOpen).toBeLessThanOrEqual(10 + 20);
    // While open the provider hears only half-open probes: a 30 s outage, 15 s reset.
    expect(callsDuringOutage - callsToOpen).toBeLessThanOrEqual(5);
    expect(states).toEqual(expect.arrayContaining(['open', 'half_open', 'closed']));
    expect(counts).toEqual({ sent: ids.length });
    expect(mock.duplicates).toBe(0);
    // Postponed jobs kept their budget: no notification spent its 8 transient failures.
    expect(Math.max(...transientPerNotification)).toBeLessThan(8);
  }, 300_000);
});
