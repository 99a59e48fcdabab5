import { ConfigError, createLogger } from '@notify/shared';
import { readMockConfig } from './config';
import { startMockApi } from './mock-server';

async function main() {
  const config = readMockConfig();
  const logger = createLogger('mock-api', config.LOG_LEVEL);
  const mock = await startMockApi(config, logger);
  const shutdown = async () => {
    await mock.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
