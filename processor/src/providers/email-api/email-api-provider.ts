import { DEFAULT_EMAIL_SUBJECT } from '@notify/shared';
import type { SendGate } from '../../delivery/provider-rate-limit';
import type { NotificationProvider, OutboundMessage, ProviderReceipt } from '../provider';
import { PermanentProviderError, TransientProviderError } from '../provider-errors';
import { httpFailure } from '../http-failure';
import { accessToken, type AccessTokenOptions } from './access-token';
import { postJson } from '../post-json';
import { keptResponseBody } from '../response-body';

export interface EmailApiOptions extends AccessTokenOptions {
  /**
   * A turn under the API's rate limit (documented: 1 per 10 s), shared by every replica. The
   * delivery handler takes one right before it calls send; this one is for a request that
   * leaves later than that: after a token round trip, which may take seconds, the handler's
   * turn is stale (two requests could land closer than the limit allows), so it takes another.
   */
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
  const attempt = async (outbound: OutboundMessage, token: string, freshTurn: boolean) => {
    if (freshTurn) await options.sendGate();
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
    async send(outbound: OutboundMessage): Promise<ProviderReceipt> {
      if (outbound.type !== 'email') {
        throw new PermanentProviderError('the e-mail API cannot send SMS', null);
      }
      const held = tokens.current();
      let token = held ?? (await tokens.get());
      let { response, body, text } = await attempt(outbound, token, held === null);
      if (response.status === 401) {
        // Expired early, revoked, or the provider rotated its keys: a 401 means nothing was
        // sent, so one immediate retry with a fresh token is safe.
        tokens.invalidate(token);
        token = await tokens.get();
        ({ response, body, text } = await attempt(outbound, token, true));
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
          responseBody: keptResponseBody(text),
        };
      }
      throw httpFailure(response, body, '', text);
    },
  };
}
