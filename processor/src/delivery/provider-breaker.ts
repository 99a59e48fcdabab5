import CircuitBreaker from 'opossum';
import type { Logger } from 'pino';
import { BREAKER_STATE_VALUE, type NotifyMetrics } from '@notify/shared/metrics';
import type { NotificationProvider, OutboundMessage, ProviderReceipt } from '../providers/provider';
import { PermanentProviderError, RateLimitedError } from '../providers/provider-errors';
import type { PublishStatus } from '@notify/shared/store';
import { resultFromError, resultFromReceipt, type AttemptResult } from './attempt-result';

export interface BreakerSettings {
  errorThresholdPercentage: number;
  volumeThreshold: number;
  rollingCountTimeout: number;
  resetTimeout: number;
}

export type ProviderBreaker = CircuitBreaker<[OutboundMessage], ProviderReceipt>;

export type BreakerMetrics = Pick<
  NotifyMetrics,
  'attempts' | 'attemptSeconds' | 'breakerState' | 'breakerRejections'
>;

/** opossum rejects calls with this code while open (and during a half-open probe). */
export const isBreakerRejection = (error: unknown): boolean =>
  (error as { code?: string } | null)?.code === 'EOPENBREAKER';

/**
 * The provider call as the breaker makes it, counted once per call that reaches the
 * provider, classified exactly as the attempt is recorded (attempt-result.ts).
 */
function measuredSend(
  provider: NotificationProvider,
  metrics: BreakerMetrics,
  onCall?: (result: AttemptResult) => void,
) {
  const observe = (result: AttemptResult) => {
    metrics.attempts.inc({ provider: provider.name, outcome: result.outcome });
    metrics.attemptSeconds.observe({ provider: provider.name }, result.latencyMs / 1000);
    onCall?.(result);
  };
  return async (message: OutboundMessage): Promise<ProviderReceipt> => {
    const at = new Date();
    const started = performance.now();
    try {
      const receipt = await provider.send(message);
      observe(resultFromReceipt(receipt.httpStatus, performance.now() - started, at));
      return receipt;
    } catch (error) {
      observe(resultFromError(error, performance.now() - started, at));
      throw error;
    }
  };
}

/**
 * One breaker per provider. It counts only the provider's own failures: a 429 is the
 * provider working as designed (and the mock's are random per request), and a 4xx is our
 * request's fault, so neither may open it.
 */
export function providerBreaker(
  provider: NotificationProvider,
  settings: BreakerSettings,
  logger: Logger,
  publish: PublishStatus,
  metrics: BreakerMetrics,
  /** Each call that reached the provider, once classified (the providers panel's stats). */
  onCall?: (result: AttemptResult) => void,
): ProviderBreaker {
  const breaker = new CircuitBreaker(measuredSend(provider, metrics, onCall), {
    name: provider.name,
    ...settings,
    // No breaker timeout: it would reject while the HTTP request goes on and may still
    // deliver, and a retry would then send twice. The adapter's own HTTP timeout aborts.
    timeout: false,
    errorFilter: (error: unknown) =>
      error instanceof RateLimitedError || error instanceof PermanentProviderError,
  });
  const announce = (state: 'open' | 'half_open' | 'closed') => {
    logger.warn({ provider: provider.name, state }, 'breaker state changed');
    metrics.breakerState.set({ provider: provider.name }, BREAKER_STATE_VALUE[state]);
    publish({
      kind: 'breaker.state',
      provider: provider.name,
      state,
      at: new Date().toISOString(),
    });
  };
  metrics.breakerState.set({ provider: provider.name }, BREAKER_STATE_VALUE.closed);
  breaker.on('open', () => announce('open'));
  breaker.on('halfOpen', () => announce('half_open'));
  breaker.on('close', () => announce('closed'));
  breaker.on('reject', () => metrics.breakerRejections.inc({ provider: provider.name }));
  return breaker;
}
