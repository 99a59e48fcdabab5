import { describe, expect, it } from 'vitest';
import {
  rateLimitMessage,
  retryAfterSeconds,
  slidingWindowLimit,
} from '../src/email-api/sliding-window-limit';

function clocked(max: number, windowMs: number) {
  let time = 0;
  const limit = slidingWindowLimit({ max, windowMs, now: () => time });
  return {
    limit,
    at(ms: number) {
      time = ms;
      return limit;
    },
  };
}

describe('the sliding-window limit', () => {
  it('admits max requests in any window and refuses the next until the oldest leaves', () => {
    const { at } = clocked(2, 1000);
    expect(at(0).attempt('a')).toEqual({ allowed: true });
    expect(at(400).attempt('a')).toEqual({ allowed: true });
    expect(at(900).attempt('a')).toEqual({ allowed: false, retryAfterMs: 100 });
    expect(at(1000).attempt('a')).toEqual({ allowed: true });
    // The window slides: 400 and 1000 are both inside (400, 1400].
    expect(at(1300).attempt('a')).toEqual({ allowed: false, retryAfterMs: 100 });
    expect(at(1400).attempt('a')).toEqual({ allowed: true });
  });

  it('never lets 2 × max through around a window edge, unlike a fixed window', () => {
    const { at } = clocked(1, 1000);
    expect(at(999).attempt('a').allowed).toBe(true);
    expect(at(1001).attempt('a').allowed).toBe(false);
  });

  it('does not count refused requests against the window', () => {
    const { at } = clocked(1, 1000);
    at(0).attempt('a');
    expect(at(500).attempt('a').allowed).toBe(false);
    expect(at(1000).attempt('a').allowed).toBe(true);
  });

  it('keeps a separate log per key', () => {
    const { at } = clocked(1, 1000);
    expect(at(0).attempt('a').allowed).toBe(true);
    expect(at(1).attempt('b').allowed).toBe(true);
    expect(at(2).attempt('a').allowed).toBe(false);
  });

  it('forgets keys idle for a whole window, so memory stays bounded', () => {
    const { at, limit } = clocked(1, 1000);
    for (let i = 0; i < 50; i++) at(i).attempt(`token-${i}`);
    expect(limit.trackedKeys()).toBe(50);
    at(2000).attempt('fresh');
    expect(limit.trackedKeys()).toBe(1);
  });
});

describe('the rate-limit answer', () => {
  it('words the limit as the contract does, in seconds', () => {
    expect(rateLimitMessage(1, 10_000)).toBe(
      'Rate limit exceeded. Maximum 1 request per 10 seconds.',
    );
    expect(rateLimitMessage(5, 200)).toBe(
      'Rate limit exceeded. Maximum 5 requests per 0.2 seconds.',
    );
    expect(rateLimitMessage(1, 1000)).toBe('Rate limit exceeded. Maximum 1 request per 1 second.');
  });

  it('rounds Retry-After up to whole seconds and never says 0', () => {
    expect(retryAfterSeconds(10_000)).toBe(10);
    expect(retryAfterSeconds(9_001)).toBe(10);
    expect(retryAfterSeconds(250)).toBe(1);
    expect(retryAfterSeconds(0)).toBe(1);
  });
});
