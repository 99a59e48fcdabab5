import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CAMPAIGN_BODY } from '@notify/shared';
import { tokenRenderer } from '../../src/delivery/registration-token';

const SECRET = 'a-test-secret-of-at-least-thirty-two-chars';
const render = tokenRenderer(SECRET);
const tokenOf = (message: string) => /token (\S+) to continue/.exec(message)?.[1];

describe('registration tokens', () => {
  it('fills {token} with 256 URL-safe bits and reports only its SHA-256', () => {
    const rendered = render({ message: DEFAULT_CAMPAIGN_BODY, tokenNonce: 'nonce-1' });
    const token = tokenOf(rendered.message);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rendered.tokenHash).toBe(createHash('sha256').update(token!).digest('hex'));
  });

  it('gives a retry the same token, so a send that did arrive stays valid', () => {
    const first = render({ message: DEFAULT_CAMPAIGN_BODY, tokenNonce: 'nonce-1' });
    expect(render({ message: DEFAULT_CAMPAIGN_BODY, tokenNonce: 'nonce-1' })).toEqual(first);
  });

  it('gives every nonce, and every secret, a different token', () => {
    const tokens = new Set(
      Array.from({ length: 1000 }, (_, i) =>
        tokenOf(render({ message: DEFAULT_CAMPAIGN_BODY, tokenNonce: `nonce-${i}` }).message),
      ),
    );
    expect(tokens.size).toBe(1000);
    const other = tokenRenderer(`${SECRET}-rotated`);
    expect(other({ message: DEFAULT_CAMPAIGN_BODY, tokenNonce: 'nonce-1' }).message).not.toBe(
      render({ message: DEFAULT_CAMPAIGN_BODY, tokenNonce: 'nonce-1' }).message,
    );
  });

  it('leaves a notification without a nonce as it was', () => {
    expect(render({ message: 'Your code is {token}', tokenNonce: null })).toEqual({
      message: 'Your code is {token}',
      tokenHash: null,
    });
  });
});
