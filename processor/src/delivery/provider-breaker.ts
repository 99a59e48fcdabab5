import CircuitBreaker from 'opossum';
import type { Logger } from 'pino';
import type { NotificationProvider, OutboundMessage, ProviderReceipt } from '../providers/provider';
import { PermanentProviderError, RateLimitedError } from '../providers/provider-errors';
import type { PublishStatus } from '@notify/shared/store';

export interface BreakerSettings {
  errorThresholdPercentage: number;
  volumeThreshold: number;
  rollingCountTimeout: number;
  resetTimeout: number;
}

export type ProviderBreaker = CircuitBreaker<[OutboundMessage], ProviderReceipt>;

/** opossum rejects calls with this code while open (and during a half-open probe). */
export const isBreakerRejection = (error: unknown): boolean =>
  (error as { code?: string } | null)?.code === 'EOPENBREAKER';

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
): ProviderBreaker {
  const breaker = new CircuitBreaker((message: OutboundMessage) => provider.send(message), {
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
    publish({
      kind: 'breaker.state',
      provider: provider.name,
      state,
      at: new Date().toISOString(),
    });
  };
  breaker.on('open', () => announce('open'));
  breaker.on('halfOpen', () => announce('half_open'));
  breaker.on('close', () => announce('closed'));
  return breaker;
}
