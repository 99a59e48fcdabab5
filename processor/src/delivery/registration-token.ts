import { createHash, createHmac } from 'node:crypto';
import { TOKEN_PLACEHOLDER } from '@notify/shared';
import type { NotificationRecord } from '@notify/shared/ledger';

export interface RenderedMessage {
  message: string;
  /** SHA-256 (hex) of the token in the message, what MongoDB keeps; null without a token. */
  tokenHash: string | null;
}

/**
 * Campaign tokens are derived, not stored: token = HMAC-SHA256(secret, nonce), where the
 * nonce is 128 random bits drawn at import. Every retry of a notification therefore sends
 * the same token (a slow answer that did deliver must not leave the recipient holding a
 * token we forgot), and a copy of the database alone yields no working token.
 */
export function tokenRenderer(secret: string) {
  return function render(doc: Pick<NotificationRecord, 'message' | 'tokenNonce'>): RenderedMessage {
    if (!doc.tokenNonce) return { message: doc.message, tokenHash: null };
    const token = createHmac('sha256', secret).update(doc.tokenNonce).digest('base64url');
    return {
      message: doc.message.replaceAll(TOKEN_PLACEHOLDER, token),
      tokenHash: createHash('sha256').update(token).digest('hex'),
    };
  };
}
export type RenderMessage = ReturnType<typeof tokenRenderer>;
