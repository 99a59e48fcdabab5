import { describe, expect, it } from 'vitest';
import { keptResponseBody, RESPONSE_BODY_MAX } from '../../src/providers/response-body';

describe('the provider answer kept on an attempt', () => {
  it('masks fields named as credentials, however deep', () => {
    const kept = keptResponseBody(
      JSON.stringify({ detail: 'ok', access_token: 'eyJhbGci', nested: [{ apiKey: 'k1' }] }),
    );
    expect(kept).toBe(
      '{"detail":"ok","access_token":"[redacted]","nested":[{"apiKey":"[redacted]"}]}',
    );
  });

  it('keeps a body that is not JSON as sent, cut to the limit', () => {
    expect(keptResponseBody('<html>bad gateway</html>')).toBe('<html>bad gateway</html>');
    const long = keptResponseBody('x'.repeat(RESPONSE_BODY_MAX * 3));
    expect(long).toHaveLength(RESPONSE_BODY_MAX + 1);
    expect(long?.endsWith('…')).toBe(true);
  });

  it('keeps nothing for an empty body', () => {
    expect(keptResponseBody('')).toBeNull();
  });
});
