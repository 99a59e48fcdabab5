import { Gauge } from 'prom-client';
import type { NotifyMetrics } from './notify-metrics';

/** The part of a BullMQ Queue this needs (shared does not depend on bullmq). */
export interface CountableQueue {
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
}

/** The states the dashboard's overview shows too: what is still to do, and dead letters. */
export const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;

/**
 * A healthy Redis answers getJobCounts (a handful of ZCARD/LLEN) in milliseconds. One second
 * leaves the whole scrape far inside Prometheus's 10 s default scrape_timeout even when Redis
 * hangs (a partition, a paused server): /metrics must never hang with it.
 */
export const QUEUE_DEPTH_TIMEOUT_MS = 1000;

const withTimeout = <T>(work: Promise<T>, ms: number): Promise<T> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });

type Reading = { provider: string; counts: Record<string, number> | null };

/**
 * notify_queue_depth{provider,state}, read from BullMQ at scrape time (counting on every
 * change would cost a Redis call per job). A provider whose counts could not be read has no
 * series in that scrape rather than stale numbers, and notify_queue_depth_up says so. Both
 * gauges are collected concurrently and share one read per scrape.
 */
export function watchQueueDepth(
  metrics: Pick<NotifyMetrics, 'registry'>,
  queues: ReadonlyArray<{ provider: string; queue: CountableQueue }>,
  timeoutMs = QUEUE_DEPTH_TIMEOUT_MS,
): void {
  let inFlight: Promise<Reading[]> | null = null;
  const read = (): Promise<Reading[]> => {
    inFlight ??= Promise.all(
      queues.map(({ provider, queue }) =>
        withTimeout(queue.getJobCounts(...QUEUE_STATES), timeoutMs).then(
          (counts) => ({ provider, counts }),
          () => ({ provider, counts: null }),
        ),
      ),
    ).finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
  new Gauge({
    name: 'notify_queue_depth',
    help: 'Jobs in each delivery queue by state, read from BullMQ at scrape time',
    labelNames: ['provider', 'state'],
    registers: [metrics.registry],
    async collect() {
      const readings = await read();
      this.reset();
      for (const { provider, counts } of readings) {
        if (!counts) continue;
        for (const state of QUEUE_STATES) this.set({ provider, state }, counts[state] ?? 0);
      }
    },
  });
  new Gauge({
    name: 'notify_queue_depth_up',
    help: 'Whether this scrape could read the queue counts from Redis (1) or not (0)',
    labelNames: ['provider'],
    registers: [metrics.registry],
    async collect() {
      for (const { provider, counts } of await read()) this.set({ provider }, counts ? 1 : 0);
    },
  });
}
