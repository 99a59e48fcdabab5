import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import {
  readyUnlessExited,
  startProcess,
  waitForHttp,
  type Output,
  type RunningProcess,
} from './child-process';
import { freePort } from './free-port';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

export type AppName = 'mock-api' | 'api' | 'processor';

/**
 * Node flags per app, as docker-compose gives them (NODE_OPTIONS). The api's heap is capped
 * at 384 MB, about seven times what it keeps live: uncapped, V8 on a large host lets the
 * garbage of a million-row import pile up to ~140 MB of resident memory before collecting
 * it; capped, the same import peaks ~25 MB over idle at the same speed (docs/benchmarks.md).
 */
export const APP_NODE_FLAGS: Record<AppName, string[]> = {
  'mock-api': [],
  api: ['--max-old-space-size=384'],
  processor: [],
};

export interface AppProcess {
  name: AppName;
  url: string;
  port: number;
  process: RunningProcess;
  env: Record<string, string>;
  /** Starts it again with the same environment (after a stop or a kill -9). */
  restart(): Promise<void>;
}

/**
 * Runs one app the way production does: its own Node process, configured only through the
 * environment. `node --import tsx` (not the tsx CLI) so a signal reaches the app itself.
 */
export async function startApp(
  name: AppName,
  env: Record<string, string>,
  output: Output,
  options: { detached?: boolean } = {},
): Promise<AppProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const fullEnv = { HOST: '127.0.0.1', ...env, PORT: String(port) };
  const launch = async () => {
    const running = startProcess({
      name,
      command: process.execPath,
      args: [...APP_NODE_FLAGS[name], '--import', 'tsx', `${name}/src/main.ts`],
      cwd: REPO_ROOT,
      env: fullEnv,
      output,
      detached: options.detached,
    });
    await readyUnlessExited(running, waitForHttp(`http://127.0.0.1:${port}/health`, 60_000));
    return running;
  };
  const app: AppProcess = {
    name,
    url: `http://127.0.0.1:${port}`,
    port,
    env: fullEnv,
    process: await launch(),
    async restart() {
      app.process = await launch();
    },
  };
  return app;
}

export interface PlatformOptions {
  mongoUri: string;
  redisUrl: string;
  /** Extra environment per app (tuning for tests, ports for local use). */
  env?: Partial<Record<AppName, Record<string, string>>>;
  output: (name: AppName) => Output;
}

export interface Platform {
  mockApi: AppProcess;
  api: AppProcess;
  processor: AppProcess;
  stop(): Promise<void>;
}

/**
 * Every channel through the flaky provider: the load and fault tests measure that pipeline,
 * and the e-mail API's 1 request per 10 s would turn their minutes into hours.
 */
export const FLAKY_ONLY_ENV = { EMAIL_PROVIDER: 'flaky', PROVIDERS: 'flaky' } as const;

/** mock-api, api and processor wired to the given MongoDB and Redis. */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const common = { MONGODB_URI: options.mongoUri, REDIS_URL: options.redisUrl };
  const mockApi = await startApp(
    'mock-api',
    { ...options.env?.['mock-api'] },
    options.output('mock-api'),
  );
  const [api, processor] = await Promise.all([
    startApp('api', { ...common, ...options.env?.api }, options.output('api')),
    startApp(
      'processor',
      {
        ...common,
        MOCK_API_URL: mockApi.url,
        EMAIL_API_URL: mockApi.url,
        // A fresh key per run unless the caller keeps one (npm start does, in .local/).
        CAMPAIGN_TOKEN_SECRET: randomBytes(32).toString('base64url'),
        ...options.env?.processor,
      },
      options.output('processor'),
    ),
  ]);
  return {
    mockApi,
    api,
    processor,
    async stop() {
      // Past each app's own deadline (shutdown grace + 5 s; the processor's grace is 15 s).
      await Promise.all([api.process.stop(), processor.process.stop(25_000)]);
      await mockApi.process.stop();
    },
  };
}
