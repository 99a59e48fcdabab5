import type { Channel, ProviderRoute } from '@notify/shared';

/**
 * The provider a new notification targets (its `provider` field): the chain's first under
 * `fallback`; under `round-robin` the next in turn. The turn is counted per api replica, which
 * spreads evenly enough (each replica alone cycles the whole chain) without a Redis round
 * trip on every intake.
 */
export function intakeProvider(routes: Record<Channel, ProviderRoute>) {
  const turns: Record<Channel, number> = { email: 0, sms: 0 };
  return (channel: Channel): string => {
    const { chain, strategy } = routes[channel];
    if (strategy === 'fallback') return chain[0];
    const turn = turns[channel]++ % chain.length;
    return chain[turn] ?? chain[0];
  };
}

/** Every provider some channel may target: their queues are watched and their health shown. */
export const routedProviders = (routes: Record<Channel, ProviderRoute>): string[] => [
  ...new Set(Object.values(routes).flatMap((route) => route.chain)),
];
