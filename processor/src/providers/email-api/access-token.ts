import { RateLimitedError, TransientProviderError } from '../provider-errors';
import { httpFailure } from '../http-failure';
import { postJson } from '../post-json';

export interface AccessTokenOptions {
  baseUrl: string;
  username: string;
  password: string;
  timeoutMs: number;
  /** Renew this long before expiry, so no request leaves with a token about to lapse. */
  renewBeforeMs: number;
}

interface Held {
  token: string;
  renewAt: number;
}

/**
 * The e-mail API's bearer token: fetched once and shared by every concurrent send (one
 * request in flight at a time, whoever asks), renewed ahead of its expiry, and dropped when
 * the API says it is no longer valid. It lives only in this process's memory.
 */
export function accessToken(options: AccessTokenOptions) {
  let held: Held | null = null;
  let inFlight: Promise<Held> | null = null;

  async function fetchToken(): Promise<Held> {
    const { response, body } = await postJson(
      new URL('/auth/token', options.baseUrl),
      { username: options.username, password: options.password },
      options.timeoutMs,
    );
    if (!response.ok) {
      const failure = httpFailure(response, body, 'auth: ');
      // Whatever the token endpoint refuses (bad credentials, a changed contract) is our
      // configuration, not the message being sent: transient, so the breaker opens and nothing
      // is dead-lettered for a mistake an operator fixes in one place. A 429 stays a 429.
      if (failure instanceof RateLimitedError) throw failure;
      throw new TransientProviderError(failure.message, response.status);
    }
    const { access_token: token, expires_in: expiresIn } = (body ?? {}) as Record<string, unknown>;
    if (typeof token !== 'string' || typeof expiresIn !== 'number' || expiresIn <= 0) {
      throw new TransientProviderError(
        'auth: token response without access_token/expires_in',
        null,
      );
    }
    // expires_in is whole seconds and a JWT's exp too: the issuer may have lost up to a second
    // to rounding before we even received it, so count one second less.
    const lifetimeMs = Math.max(expiresIn - 1, 0.5) * 1000;
    // Never renew sooner than halfway through a short-lived token.
    const margin = Math.min(options.renewBeforeMs, lifetimeMs / 2);
    return { token, renewAt: Date.now() + lifetimeMs - margin };
  }

  return {
    /** The held token while it is good, without waiting; null when get() would fetch one. */
    current: (): string | null => (held && Date.now() < held.renewAt ? held.token : null),
    async get(): Promise<string> {
      if (held && Date.now() < held.renewAt) return held.token;
      inFlight ??= fetchToken().finally(() => {
        inFlight = null;
      });
      held = await inFlight;
      return held.token;
    },
    /** The API refused `token`: forget it unless someone already replaced it. */
    invalidate(token: string): void {
      if (held?.token === token) held = null;
    },
  };
}
export type AccessToken = ReturnType<typeof accessToken>;
