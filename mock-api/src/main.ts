import { runService } from '@notify/shared/process';
import { readMockConfig } from './config';
import { startMockApi } from './mock-server';

/** Its stop cuts every connection at once (slow answers included), so it needs no grace. */
const NO_GRACE_MS = 0;

runService('mock-api', {
  readConfig: () => readMockConfig(),
  graceMs: () => NO_GRACE_MS,
  start: startMockApi,
});
