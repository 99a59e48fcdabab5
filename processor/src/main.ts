import { ConfigError, createLogger } from '@notify/shared';
import { readProcessorConfig } from './config';
import { startProcessor } from './processor-service';

async function main() {
  const config = readProcessorConfig();
  const logger = createLogger('processor', config.LOG_LEVEL);
  const processor = await startProcessor(config, logger);
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await processor.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
