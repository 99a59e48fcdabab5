import { ConfigError, createLogger } from '@notify/shared';
import { startApi } from './api-server';
import { readApiConfig } from './config';

async function main() {
  const config = readApiConfig();
  const logger = createLogger('api', config.LOG_LEVEL);
  const api = await startApi(config, logger);
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await api.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
