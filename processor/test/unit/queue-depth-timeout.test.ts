import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics, QUEUE_DEPTH_TIMEOUT_MS, watchQueueDepth } from '@notify/shared/metrics';

/**
 * A Redis that accepts connections and never answers (a paused server, a half-open
 * partition): the worst case for a scrape, because no command ever fails either.
 */
describe('queue depth while Redis hangs', () => {
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  let redis: Redis;
  let queue: Queue;

  beforeAll(async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: null });
    redis.on('error', () => undefined);
    queue = new Queue('deliveries-flaky', { connection: redis, prefix: 'hung' });
    queue.on('error', () => undefined);
  });

  afterAll(async () => {
    redis.disconnect();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('answers the scrape within its timeout, with the provider marked unread', async () => {
    const metrics = createMetrics();
    watchQueueDepth(metrics, [{ provider: 'flaky', queue }]);
    const started = performance.now();
    const text = await metrics.registry.metrics();
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(QUEUE_DEPTH_TIMEOUT_MS - 50);
    // The timeout plus room for the default collectors on a busy 2-core machine.
    expect(elapsed).toBeLessThan(QUEUE_DEPTH_TIMEOUT_MS + 1500);
    expect(text).toContain('notify_queue_depth_up{provider="flaky"} 0');
    expect(text).not.toMatch(/^notify_queue_depth\{/m);
  });
});
