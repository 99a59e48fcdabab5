/**
 * A healthy close of a queue, a server or a connection pool takes milliseconds; one that has
 * not finished after a second is waiting for a Redis or MongoDB that is gone, and is abandoned.
 */
export const CLOSE_STEP_MS = 1000;

/**
 * Waits for `work` at most `ms`: true if it settled (resolved or rejected) in time, false if
 * the time ran out first. Never throws, so one stuck or failing close cannot stop the others.
 */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = work.then(
    () => true as const,
    () => true as const,
  );
  try {
    return await Promise.race([settled, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
