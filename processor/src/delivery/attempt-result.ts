import type { PendingResult } from '@notify/shared';
import { ProviderError } from '../providers/provider-errors';

/** One provider call, as recorded; the same shape can wait on the job (see PendingResult). */
export type AttemptResult = PendingResult;

export function resultFromReceipt(
  httpStatus: number,
  latencyMs: number,
  at: Date,
  responseBody: string | null = null,
): AttemptResult {
  return {
    outcome: 'sent',
    httpStatus,
    latencyMs,
    error: null,
    at: at.toISOString(),
    retryAfterMs: null,
    responseBody,
  };
}

/** Unknown errors are bugs or surprises on our side of the call: retried like transients. */
export function resultFromError(error: unknown, latencyMs: number, at: Date): AttemptResult {
  if (error instanceof ProviderError) {
    return {
      outcome: error.kind,
      httpStatus: error.httpStatus,
      latencyMs,
      error: error.message,
      at: at.toISOString(),
      retryAfterMs: 'retryAfterMs' in error ? (error.retryAfterMs as number | null) : null,
      responseBody: error.responseBody,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    outcome: 'transient',
    httpStatus: null,
    latencyMs,
    error: message,
    at: at.toISOString(),
    retryAfterMs: null,
  };
}
