import { createLogger } from '@notify/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { startProcessor, type RunningProcessor } from '../../processor/src/processor-service';
import { sampleValue, scrape } from '../support/prometheus-text';
import { startRoutingStack } from '../support/routing-stack';

type Stack = Awaited<ReturnType<typeof startRoutingStack>>;
type WindowStats = { requests: number; delivered: number; duplicates: number; maxInWindow: number };
const phone = (prefix: number, i: number) => `+1416${prefix}${String(i).padStart(4, '0')}`;

let stack: Stack | undefined;
let replica: RunningProcessor | undefined;
afterEach(async () => {
  await replica?.stop();
  await stack?.stop();
  [stack, replica] = [undefined, undefined];
});

/** The provider's own figures, with the most requests it saw arrive within any window. */
const windowStats = async (s: Stack, provider: 'flaky' | 'flaky-b') =>
  (await s.stats(provider)) as unknown as WindowStats;

const sendAll = async (s: Stack, prefix: number, count: number) => {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await s.send(phone(prefix, i)));
  return ids;
};

/** Every id delivered once, by exactly one provider, as the providers themselves counted. */
const expectDeliveredOnce = async (s: Stack, count: number) => {
  const [a, b] = [await s.deliveredTo('flaky'), await s.deliveredTo('flaky-b')];
  expect(a.filter((r) => b.includes(r))).toEqual([]);
  expect(new Set([...a, ...b]).size).toBe(count);
  expect((await s.stats('flaky')).duplicates).toBe(0);
  expect((await s.stats('flaky-b')).duplicates).toBe(0);
};

describe('provider rate limits', () => {
  it('holds two processors together to N per window, measured where requests arrive', async () => {
    stack = await startRoutingStack(
      'shared-limit',
      { SMS_ROUTING: 'fallback' },
      { PROVIDER_RATE_LIMITS: 'flaky:10/1000', WORKER_CONCURRENCY: '20' },
      { MOCK_WINDOW_MS: '1000' },
    );
    const s = stack;
    replica = await startProcessor(s.processorConfig, createLogger('second-replica', 'silent'));
    // Three windows' worth at once: both replicas have more work than the limit lets through.
    // Under fallback without spill-over, flaky's excess waits its turn: none goes to flaky-b.
    const ids = await sendAll(s, 100, 30);
    const views = await s.waitUntilFinished(ids, 20_000);
    expect(views.every((v) => v.status === 'sent' && v.delivered_by === 'flaky')).toBe(true);

    const flaky = await windowStats(s, 'flaky');
    expect(flaky.maxInWindow).toBe(10);
    expect((await s.stats('flaky-b')).requests).toBe(0);
    await expectDeliveredOnce(s, 30);
    // Both replicas sent: the limit held across them, not inside one.
    for (const port of [s.processor.healthPort, replica.healthPort]) {
      const samples = await scrape(`http://127.0.0.1:${port}/metrics`);
      expect(
        sampleValue(samples, 'notify_provider_attempts_total', { provider: 'flaky' }),
      ).toBeGreaterThan(0);
    }
  });

  it('under round-robin skips a provider at its limit for one with room, instead of waiting', async () => {
    stack = await startRoutingStack(
      'skip-full',
      { SMS_ROUTING: 'round-robin' },
      { PROVIDER_RATE_LIMITS: 'flaky:2/10000' },
      { MOCK_WINDOW_MS: '10000' },
    );
    const s = stack;
    const started = Date.now();
    const ids = await sendAll(s, 200, 20);
    const views = await s.waitUntilFinished(ids, 15_000);
    // Waiting for flaky's window would take 10 s; skipping it takes a second or two.
    expect(Date.now() - started).toBeLessThan(8000);
    expect(views.every((v) => v.status === 'sent')).toBe(true);

    const flaky = await windowStats(s, 'flaky');
    expect(flaky.requests).toBe(2);
    expect(flaky.maxInWindow).toBeLessThanOrEqual(2);
    expect((await s.stats('flaky-b')).delivered).toBe(18);
    await expectDeliveredOnce(s, 20);
    // A move is not an attempt: those intake sent to flaky were never tried there.
    const moved = views.filter((v) => v.provider === 'flaky' && v.delivered_by === 'flaky-b');
    expect(moved.length).toBe(8);
    for (const view of moved) expect(view.attempts.map((a) => a.provider)).toEqual(['flaky-b']);
  });

  it("under fallback with spill-over on, hands a full provider's excess to the next", async () => {
    stack = await startRoutingStack(
      'spillover',
      { SMS_ROUTING: 'fallback' },
      { PROVIDER_RATE_LIMITS: 'flaky:2/10000', SMS_SPILLOVER: 'true' },
      { MOCK_WINDOW_MS: '10000' },
    );
    const s = stack;
    const started = Date.now();
    const views = await s.waitUntilFinished(await sendAll(s, 300, 10), 15_000);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(views.every((v) => v.status === 'sent' && v.provider === 'flaky')).toBe(true);
    expect((await windowStats(s, 'flaky')).requests).toBe(2);
    expect((await s.stats('flaky-b')).delivered).toBe(8);
    await expectDeliveredOnce(s, 10);
  });
});
