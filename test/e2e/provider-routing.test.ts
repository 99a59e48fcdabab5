import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationView } from '@notify/shared';
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

  it('spreads 1,000 new notifications across the chain within 10% under round-robin', async () => {
    stack = await startRoutingStack(
      'round-robin',
      // 1,000 posts in a few seconds: far over the api's default 200 a second per key.
      { SMS_ROUTING: 'round-robin', RATE_LIMIT_PER_SECOND: '100000' },
      // Every send answers at once: 50 in flight keeps up with intake without starving it of CPU.
      { WORKER_CONCURRENCY: '50' },
    );
    const s = stack;
    // Always succeed: a failover would move a notification off its intake target, and the
    // spread measured here is intake's, so nothing may move it.
    await Promise.all([s.mode('flaky', 'success'), s.mode('flaky-b', 'success')]);
    const ids: string[] = [];
    // 100 in parallel per batch: round-robin's turn is taken per request, so concurrent
    // intake must spread exactly as one by one would.
    for (let batch = 0; batch < 1000; batch += 100) {
      const posted = Array.from({ length: 100 }, (_, i) => s.send(phone(500, batch + i)));
      ids.push(...(await Promise.all(posted)));
    }
    // The providers' own counts first (cheap to poll), then each notification once.
    await expect
      .poll(async () => (await s.stats('flaky')).delivered + (await s.stats('flaky-b')).delivered, {
        timeout: 30_000,
        interval: 200,
      })
      .toBe(1000);
    // Each notification read once, 50 at a time (the ledger records a send just after the
    // provider counted it, so a straggler is read again).
    let views: NotificationView[] = [];
    await expect
      .poll(
        async () => {
          views = [];
          for (let i = 0; i < ids.length; i += 50) {
            views.push(...(await Promise.all(ids.slice(i, i + 50).map((id) => s.view(id)))));
          }
          return views.filter((v) => v.status !== 'sent').length;
        },
        { timeout: 10_000, interval: 200 },
      )
      .toBe(0);
    expect(views.filter((v) => v.delivered_by !== v.provider)).toEqual([]);
    for (const provider of ['flaky', 'flaky-b'] as const) {
      const delivered = (await s.stats(provider)).delivered;
      expect(Math.abs(delivered - 500)).toBeLessThanOrEqual(50);
      expect(views.filter((v) => v.provider === provider).length).toBe(delivered);
    }
    expect((await s.stats('flaky')).duplicates + (await s.stats('flaky-b')).duplicates).toBe(0);
  });
});
