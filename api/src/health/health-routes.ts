import { Router } from 'express';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { deliveryQueueName, type Readiness, type ReadinessWarning } from '@notify/shared';
import { countWorkers, pingMongo } from '@notify/shared/store';

const PING_TIMEOUT_MS = 1000;

/** `fallback` if `work` fails or takes longer than PING_TIMEOUT_MS: a probe never hangs. */
function bounded<T>(work: Promise<T>, fallback: T): Promise<T> {
  const timeout = new Promise<T>((resolve) =>
    setTimeout(() => resolve(fallback), PING_TIMEOUT_MS).unref(),
  );
  return Promise.race([work.catch(() => fallback), timeout]);
}

async function pingRedis(redis: Redis): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  return bounded(
    redis.ping().then((r) => r === 'PONG'),
    false,
  );
}

/** The queues this api routes to that no live processor serves. */
async function unservedQueues(
  redis: Redis,
  queuePrefix: string,
  providers: readonly string[],
): Promise<ReadinessWarning[]> {
  const counts = await Promise.all(providers.map((p) => countWorkers(redis, queuePrefix, p)));
  return providers
    .filter((_, i) => counts[i] === 0)
    .map((provider) => ({
      queue: deliveryQueueName(provider),
      provider,
      message: `No processor serves provider ${provider}: jobs in ${deliveryQueueName(provider)} wait until one runs with PROVIDERS including ${provider}`,
    }));
}

/**
 * /health: the process answers (liveness). /ready: it can take work (MongoDB and Redis up),
 * plus warnings about the routed queues that take work nobody will do.
 */
export function healthRoutes(
  mongo: Connection,
  redis: Redis,
  routing: { queuePrefix: string; providers: readonly string[] },
): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    const [mongoUp, redisUp] = await Promise.all([pingMongo(mongo), pingRedis(redis)]);
    // Without Redis the registry cannot be read, and the 503 already says why.
    const warnings = redisUp
      ? await bounded(unservedQueues(redis, routing.queuePrefix, routing.providers), [])
      : [];
    const body: Readiness = {
      status: mongoUp && redisUp ? 'ready' : 'unavailable',
      checks: { mongodb: mongoUp ? 'up' : 'down', redis: redisUp ? 'up' : 'down' },
      warnings,
    };
    res.status(mongoUp && redisUp ? 200 : 503).json(body);
  });
  return router;
}
