import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createLogger } from '@notify/shared';
import { readProcessorConfig } from '../../processor/src/config';
import { startProcessor } from '../../processor/src/processor-service';
import { readCommandLogs, type CommandLog } from '../../scripts/query-shapes/read-command-log';
import { startApp } from '../../scripts/stack/platform';
import { startInProcessApi } from './in-process-api';
import { isolatedEnv } from './test-env';

/**
 * api and processor in this process, mock-api as its own, each app appending the shape of
 * every command it sends to MongoDB to a file of its own (MONGODB_COMMAND_LOG). The logs go to
 * QUERY_SHAPES_LOG_DIR when it is set (kept, for scripts/query-shapes/check-command-log.ts),
 * to a fresh temporary directory otherwise.
 */
export async function startRecordedStack(label: string, processorEnv: Record<string, string>) {
  const dir = process.env.QUERY_SHAPES_LOG_DIR ?? mkdtempSync(join(tmpdir(), `notify-${label}-`));
  mkdirSync(dir, { recursive: true });
  const logs = { api: join(dir, 'api.jsonl'), processor: join(dir, 'processor.jsonl') };
  // The writers append: a kept directory must not mix this run with an earlier one.
  for (const path of Object.values(logs)) rmSync(path, { force: true });

  const env = isolatedEnv(label);
  // Only scripted outcomes: a random 429 or 500 would make the run's paths vary.
  const mock = await startApp(
    'mock-api',
    {
      LOG_LEVEL: 'warn',
      MOCK_RATE_LIMIT_PERCENT: '0',
      MOCK_ERROR_PERCENT: '0',
      MOCK_SLOW_PERCENT: '0',
      MOCK_RETRY_AFTER_SECONDS: '1',
    },
    'ignore',
  );
  const api = await startInProcessApi({
    ...env,
    MONGODB_COMMAND_LOG: logs.api,
    // Many reads in a short run; the per-key limit is not under test.
    RATE_LIMIT_PER_SECOND: '100000',
  });
  const processor = await startProcessor(
    readProcessorConfig({
      ...env,
      PORT: '0',
      HOST: '127.0.0.1',
      MOCK_API_URL: mock.url,
      MONGODB_COMMAND_LOG: logs.processor,
      ...processorEnv,
    }),
    createLogger('processor-test', 'silent'),
  );

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await processor.stop();
    await api.stop();
    await mock.process.stop();
  };
  const mockCall = (path: string, body: unknown) =>
    fetch(`${mock.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((response) => expect(response.ok).toBe(true));

  return {
    api,
    dir,
    /** The mock answers this recipient's next requests with these outcomes, in order. */
    script: (recipient: string, outcomes: string[]) =>
      mockCall('/control/outcomes', { recipient, outcomes }),
    stop,
    /**
     * Stops both apps and reads their logs once each has written its closing line (it comes
     * after every line buffered before it, so the files are then complete).
     */
    async closedLogs(): Promise<CommandLog> {
      await stop();
      const paths = Object.values(logs);
      await expect
        .poll(() => paths.every(existsSync) && readCommandLogs(paths).closed.length, {
          timeout: 10_000,
        })
        .toBe(paths.length);
      return readCommandLogs(paths);
    },
  };
}
export type RecordedStack = Awaited<ReturnType<typeof startRecordedStack>>;
