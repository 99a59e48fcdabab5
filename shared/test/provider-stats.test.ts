import { describe, expect, it } from 'vitest';
import {
  breakerOf,
  LATENCY_FIELDS,
  latencyField,
  latencyQuantile,
  trafficOf,
} from '@notify/shared/provider-health';

const bucketsWith = (entries: Record<string, number>) =>
  LATENCY_FIELDS.map((field) => entries[field] ?? 0);

describe('provider stats', () => {
  it('files a call in the first bucket that holds it, +Inf past the last', () => {
    expect(latencyField(3)).toBe('ms_le_10');
    expect(latencyField(10)).toBe('ms_le_10');
    expect(latencyField(11)).toBe('ms_le_25');
    expect(latencyField(5_500)).toBe('ms_le_6000');
    expect(latencyField(120_000)).toBe('ms_le_inf');
  });

  it('reads p95 inside the bucket that holds the 95th percentile', () => {
    // 90 fast calls and 10 on the slow path: p95 falls among the slow ones.
    const counts = bucketsWith({ ms_le_10: 90, ms_le_6000: 10 });
    const p95 = latencyQuantile(counts, 0.95)!;
    expect(p95).toBeGreaterThan(5000);
    expect(p95).toBeLessThanOrEqual(6000);
    // Half in (0, 10], half in (10, 25]: rank 95 is 45/50 of the way through the second.
    expect(latencyQuantile(bucketsWith({ ms_le_10: 50, ms_le_25: 50 }), 0.95)).toBe(24);
  });

  it('has no p95 without a call, and caps +Inf at the highest bound', () => {
    expect(latencyQuantile(bucketsWith({}), 0.95)).toBeNull();
    expect(latencyQuantile(bucketsWith({ ms_le_inf: 1 }), 0.95)).toBe(60_000);
  });

  it('sums minutes into requests, outcomes and a success rate', () => {
    const traffic = trafficOf([
      { outcome_sent: '3', outcome_transient: '1', ms_le_10: '4' },
      { outcome_sent: '4', outcome_rate_limited: '1', outcome_permanent: '1', ms_le_25: '6' },
      {},
    ]);
    expect(traffic).toMatchObject({ requests: 10, sent: 7, rate_limited: 1, failed: 2 });
    expect(traffic.success_rate).toBeCloseTo(0.7);
    expect(traffic.p95_latency_ms).toBeGreaterThan(10);
    expect(trafficOf([{}, {}])).toMatchObject({ requests: 0, success_rate: null });
  });

  it('counts only live processors, open before half-open before closed', () => {
    const states = { a: 'open', b: 'half_open', gone: 'open' };
    expect(breakerOf(states, ['a', 'b', 'c'])).toEqual({
      state: 'open',
      open: 1,
      half_open: 1,
      replicas: 3,
    });
    expect(breakerOf(states, ['b', 'c']).state).toBe('half_open');
    expect(breakerOf(states, ['c'])).toEqual({
      state: 'closed',
      open: 0,
      half_open: 0,
      replicas: 1,
    });
    expect(breakerOf({}, [])).toEqual({ state: 'closed', open: 0, half_open: 0, replicas: 0 });
  });
});
