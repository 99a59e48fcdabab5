import type { RunningProcess } from './child-process';
import type { SupervisedChild } from './supervisor';

/** A child started once by `first`, then restarted by its own `restart()` (same port, data). */
export interface RestartableChild<T> extends SupervisedChild {
  /** What `first` returned, once it has. */
  current(): T;
}

export function restartableChild<T extends { restart(): Promise<void> }>(
  name: string,
  stopGraceMs: number,
  first: () => Promise<T>,
  processOf: (handle: T) => RunningProcess | null,
): RestartableChild<T> {
  let handle: T | undefined;
  return {
    name,
    stopGraceMs,
    async launch() {
      if (handle) await handle.restart();
      else handle = await first();
      const proc = processOf(handle);
      if (!proc) throw new Error(`${name} is not a process of ours`);
      return proc;
    },
    current() {
      if (!handle) throw new Error(`${name} has not started`);
      return handle;
    },
  };
}
