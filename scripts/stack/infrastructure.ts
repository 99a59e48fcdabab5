import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTool } from '../tools/ensure-tool';
import {
  readyUnlessExited,
  startProcess,
  waitForPort,
  type Output,
  type RunningProcess,
} from './child-process';
import { freePort } from './free-port';

export interface ServerOptions {
  /** Data directory; a temporary one (removed on stop) when unset. */
  dir?: string;
  output?: Output;
  detached?: boolean;
}

export interface RedisServer {
  url: string;
  port: number;
  process: RunningProcess;
  /** Starts the same server again on the same port and data dir (for restart tests). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A private redis-server with AOF on, so restarts in tests behave like production. */
export async function startRedis(options: ServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'notify-redis-'));
  const launch = async () => {
    const running = startProcess({
      name: 'redis',
      command: 'redis-server',
      args: [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--save',
        '',
      ],
      output: options.output ?? 'ignore',
      detached: options.detached,
    });
    await readyUnlessExited(running, waitForPort(port));
    return running;
  };
  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}`,
    port,
    process: await launch(),
    async restart() {
      await server.process.stop();
      server.process = await launch();
    },
    async stop() {
      await server.process.stop();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

export interface MongoWireServer {
  uri: string;
  port: number;
  process: RunningProcess | null;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Built once into the tools cache on first use (scripts/tools/install-ferretdb.sh). */
export const ferretdbBinary = (): string => ensureTool('ferretdb');

/** FerretDB on SQLite in a temp dir: the MongoDB wire protocol without a MongoDB binary. */
export async function startFerretDb(options: ServerOptions = {}): Promise<MongoWireServer> {
  const port = await freePort();
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'notify-ferretdb-'));
  const binary = ferretdbBinary();
  const launch = async () => {
    const running = startProcess({
      name: 'ferretdb',
      command: binary,
      args: [
        '--handler=sqlite',
        `--sqlite-url=file:${dir}/`,
        `--listen-addr=127.0.0.1:${port}`,
        '--state-dir=-',
        '--debug-addr=-',
        '--telemetry=disable',
        '--log-level=error',
      ],
      output: options.output ?? 'ignore',
      detached: options.detached,
    });
    await readyUnlessExited(running, waitForPort(port));
    return running;
  };
  const server: MongoWireServer = {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    process: await launch(),
    async restart() {
      await server.process?.stop();
      server.process = await launch();
    },
    async stop() {
      await server.process?.stop();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

/** Uses MONGODB_URI when set (a real MongoDB), otherwise starts FerretDB. */
export async function startMongoWire(options: ServerOptions = {}): Promise<MongoWireServer> {
  const external = process.env.MONGODB_URI;
  if (!external) return startFerretDb(options);
  return {
    uri: external,
    port: Number(new URL(external).port || 27017),
    process: null,
    restart: () => Promise.reject(new Error('cannot restart an external MongoDB')),
    stop: () => Promise.resolve(),
  };
}

/** A database URI of its own for each test file, on one shared server. */
export function databaseUri(serverUri: string, database: string): string {
  const url = new URL(serverUri);
  url.pathname = `/${database}`;
  return url.toString();
}
