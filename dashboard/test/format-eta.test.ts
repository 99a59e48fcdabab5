import { describe, expect, it } from 'vitest';
import { formatEta } from '../src/features/campaigns/format/format-eta';

describe('the time left shown for a campaign', () => {
  it.each([
    [null, 'unknown'],
    [0.4, 'about 1 s'],
    [31, 'about 31 s'],
    [59.4, 'about 59 s'],
    [59.6, 'about 1 min'],
    [1000, 'about 17 min'],
    [3599, 'about 1 h'],
    [7500, 'about 2 h 5 min'],
    [10 * 3600, 'about 10 h'],
  ])('reads %s seconds as "%s"', (seconds, text) => {
    expect(formatEta(seconds)).toBe(text);
  });
});
