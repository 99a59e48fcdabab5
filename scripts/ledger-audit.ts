/**
 * `npm run ledger:audit`: checks the ledger's Redis views against the notifications
 * collection once and files every notification missing from its status's view (after Redis
 * lost data, or on the first start after upgrading to the ledger). Reads the processor's
 * configuration (MONGODB_URI, REDIS_URL, QUEUE_PREFIX from the environment). One pass over
 * the collection; safe while the platform runs.
 */
import { openLedger } from '@notify/shared/ledger';
import { createLogger } from '@notify/shared';
import { connectMongo, connectRedis, redisReady } from '@notify/shared/store';
import { readProcessorConfig } from '../processor/src/config';

const config = readProcessorConfig();
const logger = createLogger('ledger-audit', 'info');
const mongo = await connectMongo(
  { uri: config.MONGODB_URI, serverSelectionTimeoutMS: config.MONGODB_TIMEOUT_MS },
  logger,
);
const redis = connectRedis(config.REDIS_URL, logger, 'commands');
await redisReady(redis);
const ledger = openLedger({
  connection: mongo,
  redis,
  queuePrefix: config.QUEUE_PREFIX,
  publish: () => undefined,
  logger,
});
try {
  const report = await ledger.audit();
  console.log(`examined ${report.examined}, refiled ${report.refiled}`);
} finally {
  await ledger.close();
  redis.disconnect();
  await mongo.close();
}
