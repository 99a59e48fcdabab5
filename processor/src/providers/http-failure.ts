import {
  PermanentProviderError,
  RateLimitedError,
  TransientProviderError,
  type ProviderError,
} from './provider-errors';
import { keptResponseBody } from './response-body';

/**
 * Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). Some providers
 * put the hint in the body instead (`retryAfter` seconds); the header wins when both exist.
 */
export function parseRetryAfter(
  header: string | null,
  bodyHintSeconds: unknown,
  now = Date.now(),
): number | null {
  if (header) {
    const trimmed = header.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
    const date = Date.parse(trimmed);
    if (!Number.isNaN(date)) return Math.max(date - now, 0);
  }
  if (
    typeof bodyHintSeconds === 'number' &&
    Number.isFinite(bodyHintSeconds) &&
    bodyHintSeconds >= 0
  ) {
    return bodyHintSeconds * 1000;
  }
  return null;
}

/**
 * Classifies a non-2xx HTTP answer: 429 → rate limited; 408 and 5xx → transient (the
 * provider may succeed next time); any other 4xx → permanent (our request is wrong).
 */
export function classifyHttpFailure(
  status: number,
  retryAfterHeader: string | null,
  body: unknown,
  reason: string,
): ProviderError {
  const message = `HTTP ${status}: ${reason}`;
  if (status === 429) {
    const hint = (body as { retryAfter?: unknown } | null)?.retryAfter;
    return new RateLimitedError(message, parseRetryAfter(retryAfterHeader, hint));
  }
  if (status === 408 || status >= 500) return new TransientProviderError(message, status);
  return new PermanentProviderError(message, status);
}

/** FastAPI-style validation details, `[{loc, msg}]`: which field and why, for each. */
const fieldDetails = (detail: unknown[]): string =>
  detail
    .map((d) => {
      const { loc, msg } = (d ?? {}) as { loc?: unknown; msg?: unknown };
      return `${Array.isArray(loc) ? loc.join('.') : '?'}: ${String(msg)}`;
    })
    .join('; ');

/**
 * A readable reason from the common error-body shapes: {message}, {detail} (a string, or
 * FastAPI's list of field errors), {error}.
 */
export function reasonFrom(body: unknown, fallback: string): string {
  if (typeof body === 'object' && body !== null) {
    const candidate = body as Record<string, unknown>;
    for (const key of ['message', 'detail', 'error']) {
      const value = candidate[key];
      if (typeof value === 'string' && value.length > 0) return value.slice(0, 500);
      if (Array.isArray(value) && value.length > 0) return fieldDetails(value).slice(0, 500);
    }
  }
  return fallback;
}

/**
 * Classifies a non-2xx answer read by postJson, its reason taken from the body. With `text`
 * (the raw body), the error carries it for the attempt record.
 */
export const httpFailure = (
  response: Response,
  body: unknown,
  prefix = '',
  text?: string,
): ProviderError => {
  const failure = classifyHttpFailure(
    response.status,
    response.headers.get('retry-after'),
    body,
    prefix + reasonFrom(body, response.statusText || 'no reason given'),
  );
  if (text !== undefined) failure.responseBody = keptResponseBody(text);
  return failure;
};
