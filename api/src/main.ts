import { runService } from '@notify/shared/process';
import { startApi } from './api-server';
import { readApiConfig } from './config';

runService('api', {
  readConfig: () => readApiConfig(),
  graceMs: (config) => config.SHUTDOWN_GRACE_MS,
  start: startApi,
});
