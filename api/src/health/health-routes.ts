import { Router } from 'express';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Readiness } from '@notify/shared';
import { pingMongo } from '@notify/shared/store';

const PING_TIMEOUT_MS = 1000;

async function pingRedis(redis: Redis): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  const timeout = new Promise<boolean>((resolve) =>
    setTimeout(() => resolve(false), PING_TIMEOUT_MS),
  );
  return Promise.race([
    redis.ping().then(
      (r) => r === 'PONG',
      () => false,
    ),
    timeout,
  ]);
}

/** /health: the process answers (liveness). /ready: it can take work (MongoDB and Redis up). */
export function healthRoutes(mongo: Connection, redis: Redis): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    const [mongoUp, redisUp] = await Promise.all([pingMongo(mongo), pingRedis(redis)]);
    const body: Readiness = {
      status: mongoUp && redisUp ? 'ready' : 'unavailable',
      checks: { mongodb: mongoUp ? 'up' : 'down', redis: redisUp ? 'up' : 'down' },
    };
    res.status(mongoUp && redisUp ? 200 : 503).json(body);
  });
  return router;
}
