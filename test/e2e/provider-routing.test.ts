import { afterEach, describe, expect, it } from 'vitest';
import { startRoutingStack } from '../support/routing-stack';

type Stack = Awaited<ReturnType<typeof startRoutingStack>>;
const phone = (prefix: number, i: number) => `+1415${prefix}${String(i).padStart(4, '0')}`;

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

describe('provider routing', () => {
  it('fails over to the secondary while the primary answers 500, and returns after', async () => {
    stack = await startRoutingStack(
      'failover',
      { SMS_ROUTING: 'fallback' },
      {
        MAX_ATTEMPTS: '3',
        BREAKER_VOLUME_THRESHOLD: '5',
        BREAKER_RESET_MS: '3000',
        WORKER_CONCURRENCY: '5',
      },
    );
    const s = stack;
    await s.mode('flaky', 'error');
    const outage: string[] = [];
    for (let i = 0; i < 40; i++) outage.push(await s.send(phone(100, i)));
    const during = await s.waitUntilFinished(outage);
    expect(during.map((v) => v.status)).toEqual(during.map(() => 'sent'));
    expect(new Set(during.map((v) => v.delivered_by))).toEqual(new Set(['flaky-b']));
    expect(during.every((v) => v.provider === 'flaky')).toBe(true);
    const moved = during.find((v) => v.attempts.length > 1);
    expect(moved?.attempts.map((a) => a.provider)).toContain('flaky');
    expect(moved?.attempts.at(-1)?.provider).toBe('flaky-b');
    // Calls until the switch: the breaker's volume plus what was in flight, never 3 per send.
    const primaryCalls = (await s.stats('flaky')).requests;
    expect(primaryCalls).toBeLessThanOrEqual(5 * 3 + 5);

    await s.mode('flaky', null);
    const recovered = Date.now();
    const after: string[] = [];
    // The breaker tries the primary again after BREAKER_RESET_MS; sends keep going meanwhile.
    await expect
      .poll(
        async () => {
          const id = await s.send(phone(200, after.length));
          after.push(id);
          return (await s.waitUntilFinished([id]))[0]?.delivered_by;
        },
        { timeout: 20_000, interval: 200 },
      )
      .toBe('flaky');
    const returnMs = Date.now() - recovered;
    const tail: string[] = [];
    for (let i = 0; i < 10; i++) tail.push(await s.send(phone(300, i)));
    const back = await s.waitUntilFinished(tail);
    expect(new Set(back.map((v) => v.delivered_by))).toEqual(new Set(['flaky']));

    // Nothing lost, nothing delivered twice or by both: the providers' own counts say so.
    const [byPrimary, bySecondary] = [await s.deliveredTo('flaky'), await s.deliveredTo('flaky-b')];
    expect(byPrimary.filter((r) => bySecondary.includes(r))).toEqual([]);
    expect(new Set([...byPrimary, ...bySecondary]).size).toBe(40 + after.length + 10);
    expect((await s.stats('flaky')).duplicates).toBe(0);
    expect((await s.stats('flaky-b')).duplicates).toBe(0);
    console.info(
      `failover figures: ${primaryCalls} primary calls for 40 sends in the outage, ` +
        `back on the primary ${returnMs} ms after it recovered`,
    );
  });

  it('does not fail over after a timeout: the primary may have delivered', async () => {
    stack = await startRoutingStack(
      'uncertain',
      { SMS_ROUTING: 'fallback' },
      { MAX_ATTEMPTS: '2', PROVIDER_TIMEOUT_MS: '300' },
      { MOCK_SLOW_DELAY_MS: '1000' },
    );
    await stack.mode('flaky', 'slow');
    const id = await stack.send(phone(400, 1));
    const [done] = await stack.waitUntilFinished([id]);
    expect(done?.status).toBe('failed');
    expect(done?.attempts.map((a) => a.provider)).toEqual(['flaky', 'flaky']);
    expect((await stack.stats('flaky-b')).requests).toBe(0);
  });

  it('spreads new notifications across the chain within 10% under round-robin', async () => {
    stack = await startRoutingStack('round-robin', { SMS_ROUTING: 'round-robin' });
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) ids.push(await stack.send(phone(500, i)));
    const views = await stack.waitUntilFinished(ids, 45_000);
    expect(views.every((v) => v.status === 'sent')).toBe(true);
    for (const provider of ['flaky', 'flaky-b'] as const) {
      const delivered = (await stack.stats(provider)).delivered;
      expect(Math.abs(delivered - 150)).toBeLessThanOrEqual(15);
    }
  });
});
