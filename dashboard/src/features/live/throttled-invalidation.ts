import { hashKey, type QueryClient, type QueryKey } from '@tanstack/react-query';

/**
 * Invalidates a query at most once per `intervalMs`, on the first request at once and on
 * the last one when the interval is over, so a burst of pushes costs one refetch now and
 * one with the final state. A refetch still running is left to finish rather than
 * cancelled (invalidation would cancel it, and a slow api would then never answer); the
 * request waits for the next interval instead.
 */
export function throttledInvalidation(
  // Only what it calls, so its tests can hand in a stub with fake timers.
  queryClient: Pick<QueryClient, 'isFetching' | 'invalidateQueries'>,
  intervalMs: number,
) {
  const lastAt = new Map<string, number>();
  const waiting = new Map<string, ReturnType<typeof setTimeout>>();

  const run = (queryKey: QueryKey, hash: string) => {
    if (queryClient.isFetching({ queryKey, exact: true }) > 0) {
      schedule(queryKey, hash, intervalMs);
      return;
    }
    lastAt.set(hash, Date.now());
    void queryClient.invalidateQueries({ queryKey, exact: true });
  };
  const schedule = (queryKey: QueryKey, hash: string, delay: number) => {
    waiting.set(
      hash,
      setTimeout(() => {
        waiting.delete(hash);
        run(queryKey, hash);
      }, delay),
    );
  };

  return {
    request(queryKey: QueryKey) {
      const hash = hashKey(queryKey);
      if (waiting.has(hash)) return;
      const wait = (lastAt.get(hash) ?? -Infinity) + intervalMs - Date.now();
      if (wait <= 0) run(queryKey, hash);
      else schedule(queryKey, hash, wait);
    },
    stop() {
      for (const timer of waiting.values()) clearTimeout(timer);
      waiting.clear();
    },
  };
}
