import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * `blocking` clients are for BullMQ workers: they must retry forever (maxRetriesPerRequest
 * null, BullMQ's requirement). Command clients in request paths fail fast instead, so the
 * api can answer 503 while Redis is away rather than hold the request open.
 */
export function connectRedis(url: string, logger: Logger, role: 'blocking' | 'commands'): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: role === 'blocking' ? null : 1,
    enableOfflineQueue: role === 'blocking',
    // Reconnect quickly at first, then every 2 s at most, so recovery after a restart is prompt.
    retryStrategy: (times) => Math.min(times * 100, 2000),
    lazyConnect: false,
  });
  client.on('error', (error) => logger.warn({ err: error, role }, 'redis error'));
  return client;
}

/** Resolves once the client is ready, or rejects after `timeoutMs`. */
export function redisReady(client: Redis, timeoutMs = 10_000): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis not ready in time')), timeoutMs);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
