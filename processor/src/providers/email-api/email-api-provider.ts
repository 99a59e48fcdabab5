import { DEFAULT_EMAIL_SUBJECT } from '@notify/shared';
import type { SendGate } from '../../delivery/send-spacing';
import type { NotificationProvider, OutboundMessage, ProviderReceipt } from '../provider';
import { PermanentProviderError, TransientProviderError } from '../provider-errors';
import { httpFailure } from '../http-failure';
import { accessToken, type AccessTokenOptions } from './access-token';
import { postJson } from '../post-json';

export interface EmailApiOptions extends AccessTokenOptions {
  /** One request per this many ms across all replicas (documented: 1 per 10 s). */
  spacingMs: number;
  /** Waits for this replica's turn at that pace; passed right before each request leaves. */
  sendGate: SendGate;
}

/**
 * The authenticated e-mail API (mock-api/fixtures/email-api.openapi.json):
 * POST /send-email {to, subject, body} with a bearer token from POST /auth/token.
 */
export function emailApiProvider(options: EmailApiOptions): NotificationProvider {
  const tokens = accessToken(options);
  const endpoint = new URL('/send-email', options.baseUrl);

  // The token first (a renewal takes a round trip), then the turn, then at once the request.
  const attempt = async (outbound: OutboundMessage, token: string) => {
    await options.sendGate();
    return postJson(
      endpoint,
      {
        to: outbound.recipient,
        subject: outbound.subject ?? DEFAULT_EMAIL_SUBJECT,
        body: outbound.message,
      },
      options.timeoutMs,
      { authorization: `Bearer ${token}` },
    );
  };

  return {
    name: 'email-api',
    spacingMs: options.spacingMs,
    async send(outbound: OutboundMessage): Promise<ProviderReceipt> {
      if (outbound.type !== 'email') {
        throw new PermanentProviderError('the e-mail API cannot send SMS', null);
      }
      let token = await tokens.get();
      let { response, body } = await attempt(outbound, token);
      if (response.status === 401) {
        // Expired early, revoked, or the provider rotated its keys: a 401 means nothing was
        // sent, so one immediate retry with a fresh token is safe.
        tokens.invalidate(token);
        token = await tokens.get();
        ({ response, body } = await attempt(outbound, token));
        if (response.status === 401) {
          tokens.invalidate(token);
          throw new TransientProviderError('HTTP 401: token refused twice', 401);
        }
      }
      if (response.ok) {
        const messageId = (body as { message_id?: unknown } | null)?.message_id;
        return {
          httpStatus: response.status,
          providerMessageId: typeof messageId === 'string' ? messageId : null,
        };
      }
      throw httpFailure(response, body);
    },
  };
}
