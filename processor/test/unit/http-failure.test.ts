import { describe, expect, it } from 'vitest';
import { classifyHttpFailure, parseRetryAfter, reasonFrom } from '../../src/providers/http-failure';
import {
  PermanentProviderError,
  RateLimitedError,
  TransientProviderError,
} from '../../src/providers/provider-errors';

describe('classifying a provider HTTP failure', () => {
  it.each([500, 502, 503, 504, 408])('treats %i as transient', (status) => {
    expect(classifyHttpFailure(status, null, null, 'x')).toBeInstanceOf(TransientProviderError);
  });

  it.each([400, 401, 403, 404, 413, 422])('treats %i as permanent', (status) => {
    const error = classifyHttpFailure(status, null, null, 'bad recipient');
    expect(error).toBeInstanceOf(PermanentProviderError);
    expect(error.message).toBe(`HTTP ${status}: bad recipient`);
    expect(error.httpStatus).toBe(status);
  });

  it('reads the mock provider’s retryAfter hint from a 429 body, in seconds', () => {
    const error = classifyHttpFailure(429, null, { retryAfter: 30 }, 'Rate limit exceeded');
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(30_000);
  });

  it('prefers the Retry-After header to a body hint', () => {
    const error = classifyHttpFailure(429, '10', { retryAfter: 30 }, 'x') as RateLimitedError;
    expect(error.retryAfterMs).toBe(10_000);
  });
});

describe('parsing Retry-After', () => {
  it('accepts an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:07 GMT', undefined, now)).toBe(7000);
  });

  it('returns null for garbage and for no hint at all', () => {
    expect(parseRetryAfter('soon', 'later')).toBeNull();
    expect(parseRetryAfter(null, -5)).toBeNull();
  });
});

describe('reason from an error body', () => {
  it('uses message, detail or error, in that order', () => {
    expect(reasonFrom({ error: 'E', message: 'M' }, 'f')).toBe('M');
    expect(reasonFrom({ detail: 'Invalid token' }, 'f')).toBe('Invalid token');
    expect(reasonFrom('not an object', 'fallback')).toBe('fallback');
  });

  it("names each field of a FastAPI validation error's detail list", () => {
    const detail = [
      { type: 'missing', loc: ['body', 'to'], msg: 'Field required' },
      { type: 'string_type', loc: ['body', 'subject'], msg: 'Input should be a valid string' },
    ];
    expect(reasonFrom({ detail }, 'f')).toBe(
      'body.to: Field required; body.subject: Input should be a valid string',
    );
    expect(reasonFrom({ detail: [] }, 'fallback')).toBe('fallback');
  });
});
