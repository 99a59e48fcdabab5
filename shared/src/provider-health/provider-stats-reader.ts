import type { Redis } from 'ioredis';
import { BREAKER_STATES } from '../events/status-event';
import { liveWorkers } from '../store/worker-registry';
import { latencyQuantile } from './latency-quantile';
import {
  epochMinute,
  LATENCY_FIELDS,
  outcomeField,
  providerBreakersKey,
  providerStatsKey,
} from './provider-stats-keys';
import type { ProviderBreakerSummary, ProviderHealth } from './provider-health-view';

export type ProviderTraffic = Pick<
  ProviderHealth,
  'requests' | 'sent' | 'rate_limited' | 'failed' | 'success_rate' | 'p95_latency_ms'
>;

export type ProviderStatsReading = ProviderTraffic & {
  provider: string;
  breaker: ProviderBreakerSummary;
  workers: number;
};

const sumField = (minutes: Record<string, string>[], field: string): number =>
  minutes.reduce((sum, hash) => sum + Number(hash[field] ?? 0), 0);

/** Sums a provider's minute hashes into the panel's figures. */
export function trafficOf(minutes: Record<string, string>[]): ProviderTraffic {
  const [sent, rateLimited, transient, permanent] = (
    ['sent', 'rate_limited', 'transient', 'permanent'] as const
  ).map((outcome) => sumField(minutes, outcomeField(outcome))) as [number, number, number, number];
  const requests = sent + rateLimited + transient + permanent;
  return {
    requests,
    sent,
    rate_limited: rateLimited,
    failed: transient + permanent,
    success_rate: requests === 0 ? null : sent / requests,
    p95_latency_ms: latencyQuantile(
      LATENCY_FIELDS.map((field) => sumField(minutes, field)),
      0.95,
    ),
  };
}

/**
 * The live processors' breaker verdicts. A processor missing from the hash has never left
 * closed; one in the hash but no longer live is gone, and its verdict with it.
 */
export function breakerOf(states: Record<string, string>, live: string[]): ProviderBreakerSummary {
  const stateOf = (instance: string) =>
    BREAKER_STATES.find((state) => state === states[instance]) ?? 'closed';
  const verdicts = live.map(stateOf);
  const open = verdicts.filter((s) => s === 'open').length;
  const halfOpen = verdicts.filter((s) => s === 'half_open').length;
  return {
    state: open > 0 ? 'open' : halfOpen > 0 ? 'half_open' : 'closed',
    open,
    half_open: halfOpen,
    replicas: live.length,
  };
}

/**
 * Per provider: one HGETALL per minute of the window, one for the breakers and one registry
 * read; O(providers × minutes) single-key commands, sent together.
 */
export async function readProviderStats(
  redis: Redis,
  queuePrefix: string,
  providers: readonly string[],
  windowMinutes: number,
  now: number = Date.now(),
): Promise<ProviderStatsReading[]> {
  const last = epochMinute(now);
  const minutes = Array.from({ length: windowMinutes }, (_, i) => last - i);
  return Promise.all(
    providers.map(async (provider) => {
      const [hashes, states, live] = await Promise.all([
        Promise.all(minutes.map((m) => redis.hgetall(providerStatsKey(queuePrefix, provider, m)))),
        redis.hgetall(providerBreakersKey(queuePrefix, provider)),
        liveWorkers(redis, queuePrefix, provider),
      ]);
      return {
        provider,
        ...trafficOf(hashes),
        breaker: breakerOf(states, live),
        workers: live.length,
      };
    }),
  );
}
