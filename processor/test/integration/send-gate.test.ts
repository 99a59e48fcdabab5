import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { providerRateLimit } from '../../src/delivery/provider-rate-limit';

/** The old send gate, one request per spacing: the limiter with a limit of one. */
const sendGate = (redis: Redis, key: string, spacingMs: number) => {
  const limiter = providerRateLimit(redis, key, { max: 1, windowMs: spacingMs });
  return () => limiter.acquire();
};

const SPACING_MS = 300;

/** The gate on real Redis, as two replicas would share it: one key, two connections. */
describe('the rate limiter at one request per window (the old send gate)', () => {
  let replicaA: Redis;
  let replicaB: Redis;
  beforeAll(() => {
    replicaA = new Redis(inject('redisUrl'));
    replicaB = new Redis(inject('redisUrl'));
  });
  afterAll(() => {
    replicaA.disconnect();
    replicaB.disconnect();
  });
  const key = () => `t-gate-${randomBytes(4).toString('hex')}`;

  it('lets requests from different replicas through one per spacing, never closer', async () => {
    const shared = key();
    const gates = [sendGate(replicaA, shared, SPACING_MS), sendGate(replicaB, shared, SPACING_MS)];
    const replicas = [replicaA, replicaB];
    /** Redis's own clock, in ms: what the gate's slots are measured by. */
    const redisNow = async (replica: Redis) => {
      const [seconds, micros] = await replica.time();
      return Number(seconds) * 1000 + Number(micros) / 1000;
    };
    /**
     * When this replica's slot was taken, by Redis's clock: its time now less how much of the
     * slot has run (PTTL), read together. Timing the promise in this process instead would add
     * each call's own event-loop delay, which under load can make two slots look closer than
     * they were.
     */
    const slotTakenAt = async (replica: Redis) => {
      const [time, ttl] = (await replica.multi().time().pttl(shared).exec())!;
      const [seconds, micros] = time![1] as [string, string];
      const now = Number(seconds) * 1000 + Number(micros) / 1000;
      return now - (SPACING_MS - (ttl![1] as number));
    };
    const started = await redisNow(replicaA);
    const takenAt = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        gates[i % 2]!().then(() => slotTakenAt(replicas[i % 2]!)),
      ),
    );
    const sorted = takenAt.map((at) => at - started).sort((a, b) => a - b);
    expect(sorted[0]).toBeLessThan(SPACING_MS / 2);
    for (let i = 1; i < sorted.length; i += 1) {
      // PTTL is whole milliseconds: allow 1 ms of rounding.
      expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(SPACING_MS - 1);
    }
  });

  it('opens at once when the last request left longer ago than the spacing', async () => {
    const gate = sendGate(replicaA, key(), SPACING_MS);
    await gate();
    await new Promise((resolve) => setTimeout(resolve, SPACING_MS + 50));
    const started = performance.now();
    await gate();
    expect(performance.now() - started).toBeLessThan(SPACING_MS / 2);
  });

  it('keeps separate providers apart', async () => {
    await sendGate(replicaA, key(), SPACING_MS)();
    const started = performance.now();
    await sendGate(replicaA, key(), SPACING_MS)();
    expect(performance.now() - started).toBeLessThan(SPACING_MS / 2);
  });
});
