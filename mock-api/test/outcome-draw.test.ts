import { describe, expect, it } from 'vitest';
import { drawSource, outcomeFor } from '../src/flaky-provider/outcome-draw';

const defaults = { rateLimitPercent: 30, errorPercent: 5, slowPercent: 20 };

describe('drawing an outcome like the original provider', () => {
  it.each([
    [0, 'rate_limit'],
    [29.99, 'rate_limit'],
    [30, 'rate_limit'],
    [30.01, 'error'],
    [35, 'error'],
    [35.01, 'slow'],
    [55, 'slow'],
    [55.01, 'success'],
    [99.99, 'success'],
  ])('maps a draw of %d to %s', (draw, outcome) => {
    expect(outcomeFor(draw, defaults)).toBe(outcome);
  });

  it('never picks an outcome whose odds are zero', () => {
    expect(outcomeFor(0, { rateLimitPercent: 0, errorPercent: 0, slowPercent: 0 })).toBe('success');
  });

  it('repeats the same sequence for the same seed, and another for another seed', () => {
    const sequence = (seed: number) => {
      const draw = drawSource(seed);
      return Array.from({ length: 20 }, draw);
    };
    expect(sequence(7)).toEqual(sequence(7));
    expect(sequence(7)).not.toEqual(sequence(8));
    expect(sequence(7).every((d) => d >= 0 && d < 100)).toBe(true);
  });
});
