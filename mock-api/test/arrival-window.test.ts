import { describe, expect, it } from 'vitest';
import { maxInAnyWindow } from '../src/flaky-provider/arrival-window';

describe('the most arrivals within any window', () => {
  it('counts a burst across a fixed window boundary as one window', () => {
    // Three at the end of [0, 1000) and three at the start of [1000, 2000): six within 20 ms.
    expect(maxInAnyWindow([990, 995, 999, 1001, 1005, 1010], 1000)).toBe(6);
  });

  it('treats the window as half-open, as a sliding limit counts it', () => {
    expect(maxInAnyWindow([0, 500, 1000, 1500], 1000)).toBe(2);
    expect(maxInAnyWindow([0, 500, 999, 1500], 1000)).toBe(3);
  });

  it('is zero with no arrivals', () => {
    expect(maxInAnyWindow([], 1000)).toBe(0);
  });
});
