import { setTimeout as sleep } from 'node:timers/promises';
import type { NotificationRecord } from '@notify/shared/ledger';
import { countRateLimitWait, type NotifyMetrics } from '@notify/shared/metrics';
import type { ProviderRateLimit } from './provider-rate-limit';
import { spillOver, type Routing } from './provider-routing';

/** What a claimed notification does about its provider's rate limit. */
export type Turn =
  | { kind: 'send' }
  | { kind: 'moved'; to: string }
  /** Still refused after waiting a whole window here: hand the job back for this long. */
  | { kind: 'later'; delayMs: number };

export interface TurnDeps {
  limiter: ProviderRateLimit;
  routing?: Routing;
  provider: string;
  metrics: Pick<NotifyMetrics, 'rateLimitWaits' | 'rateLimitHeadroom'>;
}

/**
 * Takes this request's turn under the provider's limit, right before the call so the request
 * leaves when it was counted. Refused: where the chain spills (round-robin, or fallback with
 * spill-over) the notification moves to a provider with room, without an attempt and before
 * anything was sent; otherwise it waits its turn here, at most one window (the lease allows
 * for that), then goes back to the queue delayed, so a worker is not held indefinitely.
 */
export async function takeTurn(deps: TurnDeps, doc: NotificationRecord): Promise<Turn> {
  const { limiter, routing, provider } = deps;
  let waitedMs = 0;
  for (;;) {
    const decision = await limiter.take();
    // Free to keep: the script counts the window anyway.
    deps.metrics.rateLimitHeadroom.set({ provider }, decision.admitted ? decision.room : 0);
    if (decision.admitted) return { kind: 'send' };
    if (routing?.spills(doc.type)) {
      const to = await spillOver(routing, doc, provider);
      if (to) return { kind: 'moved', to };
    }
    if (waitedMs === 0) countRateLimitWait(deps.metrics, provider, 'limiter');
    if (waitedMs + decision.waitMs > limiter.limit.windowMs) {
      return { kind: 'later', delayMs: decision.waitMs };
    }
    await sleep(decision.waitMs);
    waitedMs += decision.waitMs;
  }
}
