import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';

/** Where a child's stdout/stderr go: inherited, dropped, appended to a file, or line by line. */
export type Output = 'inherit' | 'ignore' | string | ((line: string) => void);

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  /** Resolves when the process has exited, for whatever reason. */
  exited: Promise<ExitStatus>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
  kill(): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  output: Output;
  /**
   * In a process group of its own, so a Ctrl-C in the terminal reaches only the parent,
   * which stops its children in order (apps before the servers they need).
   */
  detached?: boolean;
}

export function startProcess(options: StartOptions): RunningProcess {
  const piped = options.output !== 'inherit' && options.output !== 'ignore';
  const passthrough = options.output === 'inherit' ? 'inherit' : 'ignore';
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', piped ? 'pipe' : passthrough, piped ? 'pipe' : passthrough],
    detached: options.detached ?? false,
  });
  const { output } = options;
  if (typeof output === 'function') {
    for (const stream of [child.stdout, child.stderr])
      if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', output);
  } else if (piped) {
    const log = createWriteStream(output, { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  }
  // 'close', not 'exit': it follows the last line of output, so a crash's own error is
  // printed before anyone reports the crash.
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
    // A command that cannot be spawned (not installed) may emit only 'error'.
    child.once('error', (error) => {
      process.stderr.write(`${options.name}: ${error.message}\n`);
      resolve({ code: null, signal: null });
    });
  });
  const signal = async (sig: NodeJS.Signals, graceMs: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(sig);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return {
    name: options.name,
    child,
    exited,
    stop: (graceMs = 10_000) => signal('SIGTERM', graceMs),
    kill: () => signal('SIGKILL', 0),
  };
}

/** Resolves once something accepts TCP connections on the port. */
export async function waitForPort(port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
}

/** Polls an HTTP URL until it answers 2xx. */
export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms (${last})`);
}

/** "exit code 1", "SIGKILL": how a process ended, for people. */
export const describeExit = (status: ExitStatus): string =>
  status.signal ?? `exit code ${status.code ?? 'unknown'}`;

/** Waits for `ready`, but fails at once if the process exits first (a crash at start-up). */
export async function readyUnlessExited(
  running: RunningProcess,
  ready: Promise<void>,
): Promise<void> {
  let settled = false;
  const ended = running.exited.then((status) => {
    if (!settled)
      throw new Error(`${running.name} exited (${describeExit(status)}) before it was ready`);
  });
  try {
    await Promise.race([ready, ended]);
  } finally {
    // Whichever lost may still settle later; it has nothing left to say.
    settled = true;
    ended.catch(() => undefined);
    ready.catch(() => undefined);
  }
}
