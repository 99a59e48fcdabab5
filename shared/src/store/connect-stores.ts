import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { connectMongo } from './connect-mongo';
import { connectRedis, redisReady } from './connect-redis';

/** The store settings every app reads the same way (see each app's config.ts). */
export interface StoreSettings {
  MONGODB_URI: string;
  MONGODB_TIMEOUT_MS: number;
  MONGODB_COMMAND_LOG?: string;
  REDIS_URL: string;
}

export interface Stores {
  mongo: Connection;
  /** Commands that fail fast (requests, publishes, the ledger's writes). */
  commands: Redis;
  /** BullMQ workers and subscribers: retries forever. */
  blocking: Redis;
}

/**
 * MongoDB and the two Redis connections, ready. The same for every app, so a start-up that
 * waits for Redis or records the query shapes (MONGODB_COMMAND_LOG) does it in one place.
 */
export async function connectStores(
  settings: StoreSettings,
  logger: Logger,
  app: string,
): Promise<Stores> {
  const mongo = await connectMongo(
    {
      uri: settings.MONGODB_URI,
      serverSelectionTimeoutMS: settings.MONGODB_TIMEOUT_MS,
      commandLog: settings.MONGODB_COMMAND_LOG
        ? { path: settings.MONGODB_COMMAND_LOG, app }
        : undefined,
    },
    logger,
  );
  const commands = connectRedis(settings.REDIS_URL, logger, 'commands');
  const blocking = connectRedis(settings.REDIS_URL, logger, 'blocking');
  await Promise.all([redisReady(commands), redisReady(blocking)]);
  return { mongo, commands, blocking };
}
