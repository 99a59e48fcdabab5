import { describeExit, type ExitStatus, type RunningProcess } from './child-process';

export interface SupervisedChild {
  name: string;
  /** Starts it (again, on the same port and data) and resolves once it serves. */
  launch(): Promise<RunningProcess>;
  /** How long it may take to stop on SIGTERM before it is killed. */
  stopGraceMs: number;
}

export interface RestartPolicy {
  /** Wait before the first restart; doubled for each further crash within the window. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** This many crashes within `windowMs` and it is not coming back by itself. */
  maxCrashes: number;
  windowMs: number;
}

/**
 * `npm start`'s numbers. 1 s lets a port be released and a lost connection be noticed; the
 * doubling (1, 2, 4, 8 s) keeps a crash loop from taking the CPU from everything else; five
 * crashes in a minute mean a broken build or setup that no restart fixes.
 */
export const LOCAL_RESTART_POLICY: RestartPolicy = {
  firstDelayMs: 1000,
  maxDelayMs: 8000,
  maxCrashes: 5,
  windowMs: 60_000,
};

export interface Supervisor {
  /** Starts the groups in order, each group's children together, each once the last serves. */
  start(): Promise<void>;
  /** Stops everything, the last group first. */
  stop(): Promise<void>;
  /** Kills every child at once (a second Ctrl-C). */
  kill(): void;
  /** Resolves with the exit code to end with once supervision is over: 1 if it gave up. */
  done: Promise<number>;
}

/**
 * Keeps every child running: one that exits unexpectedly is reported in one line and started
 * again after a backoff; one that keeps crashing stops everything, so the platform is never
 * left half up.
 */
export function supervise(
  groups: SupervisedChild[][],
  policy: RestartPolicy,
  say: (line: string) => void,
): Supervisor {
  const running = new Map<SupervisedChild, RunningProcess>();
  const crashes = new Map<SupervisedChild, number[]>();
  /** Starts and restarts under way: stopping waits for them, then stops what they started. */
  const pending = new Set<Promise<void>>();
  let stopping = false;
  let finish: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finish = resolve));
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (wake = resolve));

  const track = (work: Promise<void>) => {
    const tracked = work.finally(() => pending.delete(tracked));
    pending.add(tracked);
    return tracked;
  };

  const watch = (child: SupervisedChild, proc: RunningProcess) => {
    running.set(child, proc);
    void proc.exited.then((status) => {
      if (stopping || running.get(child) !== proc) return;
      track(recover(child, status));
    });
  };

  async function recover(child: SupervisedChild, status: ExitStatus) {
    let reason = `exited unexpectedly (${describeExit(status)})`;
    while (!stopping) {
      const now = Date.now();
      const recent = [...(crashes.get(child) ?? []), now].filter((t) => now - t < policy.windowMs);
      crashes.set(child, recent);
      if (recent.length >= policy.maxCrashes) {
        const window = `${Math.round(policy.windowMs / 1000)} s`;
        say(`✗ ${child.name} ${reason}, ${recent.length} times in ${window}: stopping everything`);
        // Not awaited: stopAll waits for every pending restart to end, this one included.
        void stopAll().then(() => finish(1));
        return;
      }
      const delayMs = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (recent.length - 1));
      say(`✗ ${child.name} ${reason}; restarting it in ${delayMs / 1000} s`);
      await Promise.race([new Promise((resolve) => setTimeout(resolve, delayMs)), stopped]);
      if (stopping) return;
      try {
        watch(child, await child.launch());
        say(`✓ ${child.name} is back`);
        return;
      } catch (error) {
        reason = `did not start again (${(error as Error).message})`;
      }
    }
  }

  let stoppingAll: Promise<void> | null = null;
  function stopAll(): Promise<void> {
    stopping = true;
    wake();
    stoppingAll ??= (async () => {
      // A start or restart under way finishes first, so what it started is stopped too.
      await Promise.allSettled([...pending]);
      for (const group of [...groups].reverse()) {
        await Promise.all(group.map((child) => running.get(child)?.stop(child.stopGraceMs)));
      }
    })();
    return stoppingAll;
  }

  return {
    start: () =>
      track(
        (async () => {
          for (const group of groups) {
            if (stopping) return;
            const started = await Promise.allSettled(group.map((child) => child.launch()));
            started.forEach((result, i) => {
              if (result.status === 'fulfilled') watch(group[i]!, result.value);
            });
            const failed = started.find((result) => result.status === 'rejected');
            if (failed) throw failed.reason;
          }
        })(),
      ),
    async stop() {
      await stopAll();
      finish(0);
    },
    kill() {
      for (const proc of running.values()) proc.child.kill('SIGKILL');
    },
    done,
  };
}
