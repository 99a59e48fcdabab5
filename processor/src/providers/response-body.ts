/**
 * A provider's answer is kept on each attempt so an operator can read what it said. 2 KB is
 * enough for any error body the providers send (under 200 bytes each) and keeps an attempt
 * small: a notification holds up to MAX_ATTEMPTS of them in one MongoDB document, and an
 * HTML error page from a proxy would otherwise be stored whole, every attempt.
 */
export const RESPONSE_BODY_MAX = 2048;

/**
 * Never stored, whatever a provider echoes: a JSON field whose name says it is a credential
 * has its value replaced. (The e-mail API's /send-email answers echo no token; only its
 * /auth/token answer holds one, and that answer is never kept.)
 */
const SECRET_FIELD = /token|secret|password|passwd|authorization|api[-_]?key|credential/i;

const redacted = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(redacted);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      SECRET_FIELD.test(key) ? '[redacted]' : redacted(inner),
    ]),
  );
};

/** The text to keep of a body: credentials masked, cut to RESPONSE_BODY_MAX; null if empty. */
export function keptResponseBody(text: string): string | null {
  if (!text) return null;
  let kept = text;
  try {
    kept = JSON.stringify(redacted(JSON.parse(text)));
  } catch {
    // Not JSON: kept as sent (an HTML error page, plain text).
  }
  return kept.length > RESPONSE_BODY_MAX ? `${kept.slice(0, RESPONSE_BODY_MAX)}…` : kept;
}
