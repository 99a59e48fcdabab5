import type { Request } from 'express';
import { z } from 'zod';

const windowQuery = z.coerce.number().int().min(1).optional();

/** The window /stats measures: `?window=<ms>` if given, else MOCK_WINDOW_MS (none: unset). */
export const windowOf = (req: Request, configured: number | undefined): number | undefined => {
  const parsed = windowQuery.safeParse(req.query.window);
  return (parsed.success ? parsed.data : undefined) ?? configured;
};

/**
 * The most requests that arrived within any `windowMs` (half-open, as a provider's sliding
 * limit counts them), from arrival times in the order they came: two pointers, one pass.
 * A test proves a sender's rate limit with it, as the provider would have seen it.
 */
export function maxInAnyWindow(arrivals: readonly number[], windowMs: number): number {
  let most = 0;
  let end = 0;
  arrivals.forEach((from, start) => {
    while (end < arrivals.length && (arrivals[end] ?? Infinity) - from < windowMs) end += 1;
    most = Math.max(most, end - start);
  });
  return most;
}
