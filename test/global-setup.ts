import 'vitest';
import type { TestProject } from 'vitest/node';
import { startMongoWire, startRedis } from '../scripts/stack/infrastructure';

/**
 * One redis-server and one MongoDB-wire server per test run, on free ports. Each test file
 * isolates itself with its own database name and queue names. REDIS_URL/MONGODB_URI, when
 * set, point the run at servers of your own instead.
 */
export default async function setup(project: TestProject) {
  const redis = process.env.REDIS_URL ? null : await startRedis();
  const mongo = await startMongoWire();
  project.provide('redisUrl', process.env.REDIS_URL ?? redis!.url);
  project.provide('mongoUri', mongo.uri);
  return async () => {
    await redis?.stop();
    await mongo.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    mongoUri: string;
  }
}
