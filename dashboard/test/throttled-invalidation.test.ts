import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttledInvalidation } from '../src/features/live/throttled-invalidation';

const INTERVAL_MS = 1000;
const A = ['campaigns', 'detail', 'a'] as const;
const B = ['campaigns', 'detail', 'b'] as const;

/** The two QueryClient methods the throttle calls; `fetching` stands for a refetch in flight. */
function stubClient() {
  const fetching = new Set<string>();
  const client = {
    isFetching: vi.fn(({ queryKey }: { queryKey?: readonly unknown[] } = {}) =>
      fetching.has(JSON.stringify(queryKey)) ? 1 : 0,
    ),
    invalidateQueries: vi.fn(async () => undefined),
  };
  const invalidated = (key: readonly unknown[]) =>
    client.invalidateQueries.mock.calls.filter(
      (call: unknown[]) =>
        JSON.stringify((call[0] as { queryKey: unknown }).queryKey) === JSON.stringify(key),
    ).length;
  const setFetching = (key: readonly unknown[], on: boolean) =>
    on ? fetching.add(JSON.stringify(key)) : fetching.delete(JSON.stringify(key));
  return { client, invalidated, setFetching };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('throttledInvalidation', () => {
  it('invalidates on the first request at once, that query only', () => {
    const { client } = stubClient();
    throttledInvalidation(client, INTERVAL_MS).request(A);
    expect(client.invalidateQueries).toHaveBeenCalledTimes(1);
    expect(client.invalidateQueries).toHaveBeenCalledWith({ queryKey: A, exact: true });
  });

  it('collapses the requests within the interval into one run when it ends', () => {
    const { client, invalidated } = stubClient();
    const throttle = throttledInvalidation(client, INTERVAL_MS);
    throttle.request(A);
    for (const step of [100, 200, 300, 300]) {
      vi.advanceTimersByTime(step);
      throttle.request(A);
    }
    expect(invalidated(A)).toBe(1);

    vi.advanceTimersByTime(INTERVAL_MS - 900 - 1);
    expect(invalidated(A)).toBe(1);
    vi.advanceTimersByTime(1);
    expect(invalidated(A)).toBe(2);

    vi.advanceTimersByTime(INTERVAL_MS * 5);
    expect(invalidated(A)).toBe(2);
  });

  it('runs at once again once a quiet interval has passed', () => {
    const { client, invalidated } = stubClient();
    const throttle = throttledInvalidation(client, INTERVAL_MS);
    throttle.request(A);
    vi.advanceTimersByTime(INTERVAL_MS);
    throttle.request(A);
    expect(invalidated(A)).toBe(2);
  });

  it('defers a request while that query is fetching instead of cancelling the fetch', () => {
    const { client, invalidated, setFetching } = stubClient();
    const throttle = throttledInvalidation(client, INTERVAL_MS);
    throttle.request(A);
    setFetching(A, true);

    vi.advanceTimersByTime(INTERVAL_MS);
    throttle.request(A);
    vi.advanceTimersByTime(INTERVAL_MS * 3);
    // Invalidating now would cancel the refetch in flight, so nothing is called.
    expect(invalidated(A)).toBe(1);

    setFetching(A, false);
    vi.advanceTimersByTime(INTERVAL_MS);
    expect(invalidated(A)).toBe(2);
    vi.advanceTimersByTime(INTERVAL_MS * 3);
    expect(invalidated(A)).toBe(2);
  });

  it('throttles each query on its own', () => {
    const { client, invalidated, setFetching } = stubClient();
    const throttle = throttledInvalidation(client, INTERVAL_MS);
    throttle.request(A);
    throttle.request(B);
    expect([invalidated(A), invalidated(B)]).toEqual([1, 1]);

    setFetching(B, true);
    throttle.request(A);
    vi.advanceTimersByTime(INTERVAL_MS);
    throttle.request(B);
    expect([invalidated(A), invalidated(B)]).toEqual([2, 1]);
  });

  it('drops the waiting runs when stopped', () => {
    const { client, invalidated } = stubClient();
    const throttle = throttledInvalidation(client, INTERVAL_MS);
    throttle.request(A);
    throttle.request(A);
    throttle.stop();
    vi.advanceTimersByTime(INTERVAL_MS * 3);
    expect(invalidated(A)).toBe(1);
  });
});
