import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { MockConfig } from '../config';

export interface IssuedToken {
  accessToken: string;
  jti: string;
  expiresIn: number;
}

const ALGORITHM = 'HS256';

/** Equal-length digests, so neither the comparison time nor its length check leaks the secret. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Signs and checks the e-mail API's bearer tokens; each carries a random jti to rate-limit by. */
export function tokenIssuer(config: MockConfig) {
  const expectedUsername = config.MOCK_EMAIL_USERNAME;
  const expectedPassword = config.MOCK_EMAIL_PASSWORD;
  const secret = config.MOCK_EMAIL_JWT_SECRET
    ? new TextEncoder().encode(config.MOCK_EMAIL_JWT_SECRET)
    : new Uint8Array(randomBytes(32));
  const ttlSeconds = config.MOCK_EMAIL_TOKEN_TTL_S;

  return {
    /** False for a partial configuration too: the mock never runs with guessable credentials. */
    credentialsConfigured: expectedUsername !== undefined && expectedPassword !== undefined,

    credentialsMatch(username: string, password: string): boolean {
      if (expectedUsername === undefined || expectedPassword === undefined) return false;
      // Both are compared, always, so the answer time does not tell which one was wrong.
      const usernameOk = sameSecret(username, expectedUsername);
      const passwordOk = sameSecret(password, expectedPassword);
      return usernameOk && passwordOk;
    },

    async issue(username: string): Promise<IssuedToken> {
      const jti = randomUUID();
      const issuedAt = Math.floor(Date.now() / 1000);
      const accessToken = await new SignJWT({})
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(username)
        .setJti(jti)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .sign(secret);
      return { accessToken, jti, expiresIn: ttlSeconds };
    },

    /** The token's jti, or null for anything not signed here, expired or without a jti. */
    async verify(accessToken: string): Promise<string | null> {
      try {
        const { payload } = await jwtVerify(accessToken, secret, {
          algorithms: [ALGORITHM],
          requiredClaims: ['exp', 'jti'],
        });
        return typeof payload.jti === 'string' ? payload.jti : null;
      } catch {
        return null;
      }
    },
  };
}
export type TokenIssuer = ReturnType<typeof tokenIssuer>;
