export interface BackoffSettings {
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RateLimitSettings {
  defaultDelayMs: number;
  maxDelayMs: number;
  jitterMs: number;
}

export type Random = () => number;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"): uniformly random in [0, min(cap, base · 2^(n-1))]. Spreading retries over the
 * whole window keeps many failed sends from hammering a recovering provider together.
 */
export function fullJitterBackoff(
  attemptsMade: number,
  settings: BackoffSettings,
  random: Random = Math.random,
): number {
  const exponent = Math.max(attemptsMade - 1, 0);
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.min(exponent, 30));
  return Math.round(random() * ceiling);
}

/** Never sooner than the provider asked (capped), plus a little spread. */
export function rateLimitDelay(
  hintMs: number | null,
  settings: RateLimitSettings,
  random: Random = Math.random,
): number {
  const base = Math.min(hintMs ?? settings.defaultDelayMs, settings.maxDelayMs);
  return Math.round(base + random() * settings.jitterMs);
}

/**
 * While the breaker is open, jobs come back after the reset window, spread over another
 * half window so the half-open probe is not met by the whole backlog at once.
 */
export function breakerPostponeDelay(resetMs: number, random: Random = Math.random): number {
  return Math.round(resetMs + random() * (resetMs / 2));
}
