import { describe, expect, it } from 'vitest';
import type { ThroughputPoint } from '@notify/shared';
import { mergeThroughput } from '../src/features/overview/throughput/throughput-history';

const point = (second: number, sent: number): ThroughputPoint => ({
  at: new Date(Date.UTC(2026, 11, 5, 10) + second * 1000).toISOString(),
  sent,
  failed: 0,
});

describe('the throughput history', () => {
  it('takes a newer window’s figures for the seconds it covers and keeps the older ones', () => {
    const kept = [point(0, 1), point(1, 2), point(2, 3)];
    const merged = mergeThroughput(kept, [point(2, 5), point(3, 1)]);
    expect(merged.map((p) => p.sent)).toEqual([1, 2, 5, 1]);
    // A fallback fetch may merge what a push already merged: nothing changes.
    expect(mergeThroughput(merged, merged)).toEqual(merged);
  });

  it('keeps at most an hour of seconds', () => {
    const hour = Array.from({ length: 3_700 }, (_, s) => point(s, 1));
    const merged = mergeThroughput(hour.slice(0, 3_000), hour.slice(3_000));
    expect(merged).toHaveLength(3_600);
    expect(merged[0]?.at).toBe(point(100, 1).at);
  });
});
