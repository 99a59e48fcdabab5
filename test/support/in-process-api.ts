import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { createLogger, deliveryQueueName } from '@notify/shared';
import { notificationModel, recipientChunkModel } from '@notify/shared/ledger/inspect';
import { campaignModel } from '@notify/shared/store';
import { readApiConfig } from '../../api/src/config';
import { startApi } from '../../api/src/api-server';
import { authHeaders, TEST_API_KEYS_ENTRY } from './test-env';

/**
 * The real api on a free port against real servers, plus read access to what it stored and
 * enqueued, so tests can check effects through the same Redis and MongoDB.
 */
export async function startInProcessApi(env: Record<string, string>) {
  const config = readApiConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    API_KEYS: TEST_API_KEYS_ENTRY,
    ...env,
  });
  const api = await startApi(config, createLogger('api-test', 'silent'));
  const mongo = await mongoose.createConnection(config.MONGODB_URI).asPromise();
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(deliveryQueueName(config.SMS_PROVIDER), {
    connection: redis,
    prefix: config.QUEUE_PREFIX,
  });
  // The test's own view of Redis: some tests stop that Redis on purpose, and what the api
  // does then is under test, not this observer's lost connection.
  redis.on('error', () => undefined);
  queue.on('error', () => undefined);
  return {
    url: api.url,
    /** Set when the env gives METRICS_PORT (0 for a free port). */
    metricsUrl: api.metricsUrl,
    notifications: notificationModel(mongo),
    /** Imported campaign recipients, stored until a processor's campaign cursor feeds them. */
    recipientChunks: recipientChunkModel(mongo),
    campaigns: campaignModel(mongo),
    queue,
    post(body: unknown, headers: Record<string, string> = {}) {
      return fetch(`${api.url}/api/v1/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authHeaders, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    get: (path: string, headers: Record<string, string> = authHeaders) =>
      fetch(`${api.url}${path}`, { headers }),
    async stop() {
      await api.stop();
      await queue.close();
      redis.disconnect();
      await mongo.close();
    },
  };
}
export type InProcessApi = Awaited<ReturnType<typeof startInProcessApi>>;
