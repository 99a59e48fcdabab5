import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { z } from 'zod';

export const OUTCOMES = ['success', 'slow', 'rate_limit', 'error', 'bad_request'] as const;
export const outcomeSchema = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof outcomeSchema>;

export interface Odds {
  rateLimitPercent: number;
  errorPercent: number;
  slowPercent: number;
}

/**
 * The original provider draws r in [0, 100) once per request and checks r ≤ 30 (429),
 * r ≤ 35 (500), r ≤ 55 (slow), in that order. Kept as-is, boundaries included.
 */
export function outcomeFor(draw: number, odds: Odds): Outcome {
  const rateLimit = odds.rateLimitPercent;
  const error = rateLimit + odds.errorPercent;
  const slow = error + odds.slowPercent;
  if (odds.rateLimitPercent > 0 && draw <= rateLimit) return 'rate_limit';
  if (odds.errorPercent > 0 && draw <= error) return 'error';
  if (odds.slowPercent > 0 && draw <= slow) return 'slow';
  return 'success';
}

/** A draw in [0, 100): Math.random, or a reproducible sequence when seeded (tests, demos). */
export function drawSource(seed: number | undefined): () => number {
  if (seed === undefined) return () => Math.random() * 100;
  const rng = xoroshiro128plus(seed);
  return () => uniformFloat64(rng) * 100;
}
