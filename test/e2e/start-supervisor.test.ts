import { spawn, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess, type RunningProcess } from '../../scripts/stack/child-process';
import { freePort } from '../../scripts/stack/free-port';
import { ferretdbBinary } from '../../scripts/stack/infrastructure';
import { supervise } from '../../scripts/stack/supervisor';
import { buildNotification } from '../support/build-notification';

const ROOT = resolve(import.meta.dirname, '../..');

/** The pid of the process started with exactly `PORT=<port>` in its environment. */
function pidWithPort(port: number): number {
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const env = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (env.includes(`PORT=${port}`) && command.includes('src/main.ts')) return Number(entry);
    } catch {
      // A process that ended while we looked, or one we may not read.
    }
  }
  throw new Error(`no process with PORT=${port}`);
}

/**
 * `npm start` itself (the script behind it, without the dashboard build), on ports, data and
 * a tools cache of this test's own: the tools cache holds FerretDB only, so a start that
 * tried to install k6 would show in it.
 */
describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'notify-start-'));
  const toolsDir = mkdtempSync(join(tmpdir(), 'notify-tools-'));
  const lines: string[] = [];
  const ports = { api: 0, mockApi: 0, processor: 0 };
  let start: ChildProcess;
  let exited: Promise<number | null>;
  const waiters = new Set<{ pattern: RegExp; found: (line: string) => void }>();
  const hear = (line: string) => {
    lines.push(line);
    for (const waiter of waiters) if (waiter.pattern.test(line)) waiter.found(line);
  };
  /** Resolves with the first line (already printed or to come) that matches. */
  const printed = (pattern: RegExp, timeoutMs = 45_000) =>
    new Promise<string>((resolveLine, reject) => {
      const seen = lines.find((line) => pattern.test(line));
      if (seen) return resolveLine(seen);
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(
          new Error(`not printed in ${timeoutMs} ms: ${pattern}\n${lines.slice(-30).join('\n')}`),
        );
      }, timeoutMs);
      const waiter = {
        pattern,
        found: (line: string) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          resolveLine(line);
        },
      };
      waiters.add(waiter);
    });

  beforeAll(async () => {
    mkdirSync(join(toolsDir, 'bin'));
    const ferretdb = ferretdbBinary();
    symlinkSync(ferretdb, join(toolsDir, 'bin/ferretdb'));
    copyFileSync(`${ferretdb}.build`, join(toolsDir, 'bin/ferretdb.build'));
    [ports.api, ports.mockApi, ports.processor] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
    ]);
    // Servers of its own, whatever the test run was pointed at.
    const withoutServers = { ...process.env };
    delete withoutServers.MONGODB_URI;
    delete withoutServers.REDIS_URL;
    start = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/start-local.ts', '--no-dashboard'],
      {
        cwd: ROOT,
        env: {
          ...withoutServers,
          LOCAL_DATA_DIR: dataDir,
          NOTIFY_TOOLS_DIR: toolsDir,
          API_PORT: String(ports.api),
          MOCK_API_PORT: String(ports.mockApi),
          PROCESSOR_PORT: String(ports.processor),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    exited = new Promise((resolveExit) => start.once('exit', (code) => resolveExit(code)));
    for (const stream of [start.stdout!, start.stderr!])
      createInterface({ input: stream }).on('line', hear);
    await printed(/Notification platform is up/);
  });

  afterAll(async () => {
    if (start?.exitCode === null) {
      start.kill('SIGINT');
      await exited;
    }
    for (const dir of [dataDir, toolsDir]) rmSync(dir, { recursive: true, force: true });
  });

  it('reports a killed app in one line and brings it back', async () => {
    const killed = pidWithPort(ports.api);
    process.kill(killed, 'SIGKILL');
    await printed(/npm start +✗ api exited unexpectedly \(SIGKILL\); restarting it in 1 s$/);
    await printed(/npm start +✓ api is back$/);
    const health = await fetch(`http://127.0.0.1:${ports.api}/health`);
    expect(health.status).toBe(200);
    expect(pidWithPort(ports.api)).not.toBe(killed);
  });

  it('prints a request as one short line, without its headers', async () => {
    const key = readFileSync(join(dataDir, 'api-key'), 'utf8').trim();
    const response = await fetch(`http://127.0.0.1:${ports.api}/api/v1/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(buildNotification()),
    });
    expect(response.status).toBe(202);
    await printed(/^\d\d:\d\d:\d\d api +POST \/api\/v1\/notifications 202 \d+(\.\d+)? ms$/);
    const apiLines = lines.filter((line) => /^\d\d:\d\d:\d\d api /.test(line));
    expect(apiLines.filter((line) => /content-type|x-request-id|headers/i.test(line))).toEqual([]);
  });

  it('built no k6: only the load test installs it', () => {
    expect(existsSync(join(toolsDir, 'bin/k6'))).toBe(false);
    // A word of its own: the printed API key is random base64url and may hold "K6" anywhere.
    expect(lines.filter((line) => /(?<![\w-])k6(?![\w-])/i.test(line))).toEqual([]);
  });

  it('stops everything on Ctrl-C and exits 0', async () => {
    start.kill('SIGINT');
    expect(await exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${ports.api}/health`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${ports.processor}/health`)).rejects.toThrow();
  });
});

describe('the supervisor', () => {
  it('stops everything and ends with 1 when a child keeps crashing', async () => {
    const node = (name: string, code: string) =>
      startProcess({ name, command: process.execPath, args: ['-e', code], output: 'ignore' });
    let steady: RunningProcess | undefined;
    const said: string[] = [];
    const supervisor = supervise(
      [
        [
          {
            name: 'steady',
            stopGraceMs: 5000,
            launch: async () => (steady = node('steady', 'setInterval(() => {}, 1000)')),
          },
        ],
        [
          {
            name: 'crasher',
            stopGraceMs: 5000,
            launch: async () => node('crasher', 'setTimeout(() => process.exit(3), 100)'),
          },
        ],
      ],
      { firstDelayMs: 50, maxDelayMs: 200, maxCrashes: 3, windowMs: 60_000 },
      (line) => said.push(line),
    );
    await supervisor.start();
    expect(await supervisor.done).toBe(1);
    expect(said).toEqual([
      '✗ crasher exited unexpectedly (exit code 3); restarting it in 0.05 s',
      '✓ crasher is back',
      '✗ crasher exited unexpectedly (exit code 3); restarting it in 0.1 s',
      '✓ crasher is back',
      '✗ crasher exited unexpectedly (exit code 3), 3 times in 60 s: stopping everything',
    ]);
    expect(await steady!.exited).toEqual({ code: null, signal: 'SIGTERM' });
  });
});
