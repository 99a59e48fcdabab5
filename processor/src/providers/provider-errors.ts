/**
 * The provider boundary's whole vocabulary. Each adapter turns its protocol's failures
 * into one of these, once; everything downstream (breaker, retry policy) reads only these.
 */
export abstract class ProviderError extends Error {
  abstract readonly kind: 'transient' | 'rate_limited' | 'permanent';
  /** What the provider answered, as kept for the attempt (see response-body.ts). */
  responseBody: string | null = null;
  constructor(
    message: string,
    readonly httpStatus: number | null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 5xx, timeouts, connection failures: worth retrying with backoff. */
export class TransientProviderError extends ProviderError {
  readonly kind = 'transient';
}

/**
 * A transient failure after the request may have reached the provider (no answer within the
 * timeout, a connection lost after SMTP DATA): it may have delivered. Retried on the same
 * provider like any transient, but routing never moves it to another provider by default,
 * since a second provider would send a duplicate the receiver cannot recognise.
 */
export class UncertainDeliveryError extends TransientProviderError {}

/** 429: retry, but no sooner than the provider asked. Not the provider's fault: no breaker. */
export class RateLimitedError extends ProviderError {
  readonly kind = 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message, 429);
  }
}

/** Other 4xx: the request itself is wrong; retrying cannot help. */
export class PermanentProviderError extends ProviderError {
  readonly kind = 'permanent';
}
