import { runService } from '@notify/shared/process';
import { readProcessorConfig } from './config';
import { startProcessor } from './processor-service';

runService('processor', {
  readConfig: () => readProcessorConfig(),
  graceMs: (config) => config.SHUTDOWN_GRACE_MS,
  start: startProcessor,
});
