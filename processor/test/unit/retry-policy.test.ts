import { describe, expect, it } from 'vitest';
import {
  breakerPostponeDelay,
  fullJitterBackoff,
  rateLimitDelay,
} from '../../src/delivery/retry-policy';

const backoff = { baseDelayMs: 1000, maxDelayMs: 60_000 };
const rateLimit = { defaultDelayMs: 30_000, maxDelayMs: 120_000, jitterMs: 2000 };

describe('full-jitter backoff', () => {
  it('doubles the window with each failure', () => {
    const top = (n: number) => fullJitterBackoff(n, backoff, () => 1);
    expect([1, 2, 3, 4].map(top)).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never exceeds the cap, however many failures', () => {
    expect(fullJitterBackoff(40, backoff, () => 1)).toBe(60_000);
    expect(fullJitterBackoff(1000, backoff, () => 0.999)).toBeLessThanOrEqual(60_000);
  });

  it('draws anywhere from zero to the window', () => {
    expect(fullJitterBackoff(3, backoff, () => 0)).toBe(0);
    expect(fullJitterBackoff(3, backoff, () => 0.5)).toBe(2000);
  });

  it('spreads real random draws across the window', () => {
    const draws = Array.from({ length: 500 }, () => fullJitterBackoff(4, backoff));
    expect(Math.min(...draws)).toBeLessThan(2000);
    expect(Math.max(...draws)).toBeGreaterThan(6000);
    expect(draws.every((d) => d >= 0 && d <= 8000)).toBe(true);
  });
});

describe('rate-limit delay', () => {
  it('waits at least as long as the provider asked', () => {
    expect(rateLimitDelay(30_000, rateLimit, () => 0)).toBe(30_000);
    expect(rateLimitDelay(30_000, rateLimit, () => 0.5)).toBe(31_000);
  });

  it('falls back to the default when the provider gave no hint', () => {
    expect(rateLimitDelay(null, rateLimit, () => 0)).toBe(30_000);
  });

  it('caps an absurd hint', () => {
    expect(rateLimitDelay(3_600_000, rateLimit, () => 0)).toBe(120_000);
  });
});

describe('breaker postpone delay', () => {
  it('returns after the reset window, spread over half a window more', () => {
    expect(breakerPostponeDelay(10_000, () => 0)).toBe(10_000);
    expect(breakerPostponeDelay(10_000, () => 1)).toBe(15_000);
  });
});
