import type { ProcessorConfig } from '../config';
import type { ProviderRateLimit } from './provider-rate-limit';
import type { BackoffSettings, RateLimitSettings } from './retry-policy';

export interface DeliveryPolicy {
  maxAttempts: number;
  maxAgeMs: number;
  /** How long a claim holds; longer than the provider timeout so no second send overlaps. */
  leaseMs: number;
  rateLimit: RateLimitSettings;
  /** Transient failures' backoff, chosen here so its time is recorded (planned-retry.ts). */
  backoff: BackoffSettings;
  breakerResetMs: number;
  storeRetryDelayMs: number;
}

/** One provider's policy, from the config, its send timeout and its rate limit (if any). */
export function deliveryPolicy(
  config: ProcessorConfig,
  timeoutMs: number,
  limiter: ProviderRateLimit | undefined,
): DeliveryPolicy {
  return {
    maxAttempts: config.MAX_ATTEMPTS,
    maxAgeMs: config.MAX_AGE_MS,
    // The lease outlives the longest send by 5 s, so a second worker never overlaps it.
    // A rate-limited send may wait up to a window for its turn, and the e-mail API's may
    // then renew its token, wait again and post, and after a 401 all of it again: a window
    // plus two rounds of two timeouts and one window.
    leaseMs:
      (limiter
        ? limiter.limit.windowMs + 2 * (2 * timeoutMs + limiter.limit.windowMs)
        : timeoutMs) + 5000,
    rateLimit: {
      defaultDelayMs: config.RATE_LIMIT_DEFAULT_DELAY_MS,
      maxDelayMs: config.RATE_LIMIT_MAX_DELAY_MS,
      jitterMs: config.RATE_LIMIT_JITTER_MS,
    },
    backoff: { baseDelayMs: config.RETRY_BASE_DELAY_MS, maxDelayMs: config.RETRY_MAX_DELAY_MS },
    breakerResetMs: config.BREAKER_RESET_MS,
    storeRetryDelayMs: config.STORE_RETRY_DELAY_MS,
  };
}
