import type { Channel } from '@notify/shared';
import type { FailoverAttempt, MoveToProvider, NotificationRecord } from '@notify/shared/ledger';
import type { NotifyMetrics } from '@notify/shared/metrics';
import { nextInChain } from './failover-policy';

/** What a delivery handler needs to move notifications along their chain. */
export interface Routing {
  chainFor(channel: Channel): readonly string[];
  /** This replica's breaker for a provider is open (false for one it does not serve). */
  isOpen(provider: string): boolean;
  move: MoveToProvider;
  /** Opt-in: move on after a timeout or lost connection too, at the cost of duplicates. */
  failoverAfterUncertain: boolean;
  /** A provider at its rate limit hands on to another with room (round-robin, spill-over). */
  spills(channel: Channel): boolean;
  /** The provider's rate limit admits a request now (true for one without a limit). */
  hasRoom(provider: string): Promise<boolean>;
  metrics: Pick<NotifyMetrics, 'failovers'>;
}

/**
 * Moves the claimed `doc` from `current` to the next provider of its chain whose breaker is
 * not open here, and counts the move. Null (nothing done) when the chain has no such
 * provider left: the caller then goes on as a single-provider setup would.
 */
export async function failOver(
  routing: Routing,
  doc: NotificationRecord,
  current: string,
  attempt: FailoverAttempt | null,
): Promise<string | null> {
  const chain = routing.chainFor(doc.type);
  let next = nextInChain(chain, doc.provider, current);
  // At most the chain's length of skips, even if the chain no longer holds the origin.
  for (let skipped = 0; next && routing.isOpen(next) && skipped < chain.length; skipped++) {
    next = nextInChain(chain, doc.provider, next);
  }
  if (!next || routing.isOpen(next)) return null;
  await routing.move(doc, next, attempt);
  routing.metrics.failovers.inc({ from: current, to: next });
  return next;
}

/**
 * Moves the claimed `doc`, which `current`'s rate limit just refused (nothing was sent), to
 * the next provider of its chain whose breaker is not open here and whose limit has room now;
 * the move records no attempt. Null (nothing done) when none has: the caller waits its turn.
 * The chain is walked from the origin as in failOver, so a notification never returns to
 * where it started and two full providers cannot pass it back and forth.
 */
export async function spillOver(
  routing: Routing,
  doc: NotificationRecord,
  current: string,
): Promise<string | null> {
  const chain = routing.chainFor(doc.type);
  let next = nextInChain(chain, doc.provider, current);
  for (let hops = 0; next && hops < chain.length; hops++) {
    if (!routing.isOpen(next) && (await routing.hasRoom(next))) {
      await routing.move(doc, next, null);
      routing.metrics.failovers.inc({ from: current, to: next });
      return next;
    }
    next = nextInChain(chain, doc.provider, next);
  }
  return null;
}

/**
 * Routing for this processor, or none when every chain has a single provider: then nothing
 * ever moves and delivery behaves exactly as it did before chains existed.
 */
export function routingFor(
  chains: Record<Channel, readonly string[]>,
  breakers: ReadonlyMap<string, { opened: boolean }>,
  rest: Pick<Routing, 'move' | 'failoverAfterUncertain' | 'metrics' | 'spills' | 'hasRoom'>,
): Routing | undefined {
  if (Object.values(chains).every((chain) => chain.length < 2)) return undefined;
  return {
    chainFor: (channel) => chains[channel],
    isOpen: (provider) => breakers.get(provider)?.opened ?? false,
    ...rest,
  };
}
