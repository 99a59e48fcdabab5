export type LimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface SlidingWindowOptions {
  max: number;
  windowMs: number;
  /** Milliseconds on a monotonic clock; injectable so tests need not sleep. */
  now?: () => number;
}

/**
 * A sliding-window log per key: at most `max` admitted requests in any `windowMs`.
 * A fixed window would let 2 × max through around its edge; a log never does, and
 * with max small (1 by default) it costs a few numbers per key.
 */
export function slidingWindowLimit({
  max,
  windowMs,
  now = () => performance.now(),
}: SlidingWindowOptions) {
  const logs = new Map<string, number[]>();
  let lastSweep = now();

  /** Drops the logs of keys idle for a whole window: an empty log and no log are the same. */
  function sweep(at: number) {
    if (at - lastSweep < windowMs) return;
    lastSweep = at;
    for (const [key, log] of logs) {
      const newest = log[log.length - 1];
      if (newest === undefined || at - newest >= windowMs) logs.delete(key);
    }
  }

  return {
    /**
     * Admits and records the request, or says how long until the oldest one leaves the window.
     * `at` is when the request arrived, so the time spent checking its token does not count.
     */
    attempt(key: string, at = now()): LimitDecision {
      sweep(at);
      const log = (logs.get(key) ?? []).filter((t) => at - t < windowMs);
      const oldest = log[0];
      if (log.length >= max && oldest !== undefined) {
        logs.set(key, log);
        return { allowed: false, retryAfterMs: oldest + windowMs - at };
      }
      log.push(at);
      logs.set(key, log);
      return { allowed: true };
    },
    /** Keys still tracked; lets tests prove idle ones are forgotten. */
    trackedKeys: () => logs.size,
  };
}
export type SlidingWindowLimit = ReturnType<typeof slidingWindowLimit>;

/** The contract's wording, e.g. `Maximum 1 request per 10 seconds.` or `per 0.2 seconds`. */
export function rateLimitMessage(max: number, windowMs: number): string {
  const seconds = Number((windowMs / 1000).toFixed(3));
  const requests = max === 1 ? 'request' : 'requests';
  const unit = seconds === 1 ? 'second' : 'seconds';
  return `Rate limit exceeded. Maximum ${max} ${requests} per ${seconds} ${unit}.`;
}

/** Retry-After in whole seconds, rounded up and never 0 (0 would invite an instant retry). */
export const retryAfterSeconds = (retryAfterMs: number) =>
  Math.max(1, Math.ceil(retryAfterMs / 1000));
