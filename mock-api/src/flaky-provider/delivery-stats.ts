import { maxInAnyWindow } from './arrival-window';
import type { Outcome } from './outcome-draw';
import { OUTCOMES } from './outcome-draw';

/** What the provider saw and delivered; tests read it to prove exactly-once delivery. */
export function deliveryStats() {
  let requests = 0;
  /** Requests received and not yet answered: what a caller killed right now leaves behind. */
  let inFlight = 0;
  /** Requests whose caller hung up before the answer (a killed or timed-out client). */
  let abandoned = 0;
  /** When each request arrived (monotonic ms), in order: what a rate limit is judged by. */
  let arrivals: number[] = [];
  let outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  let deliveries = new Map<
    string,
    { type: string; recipient: string; message: string; count: number }
  >();

  return {
    started: () => {
      inFlight += 1;
    },
    finished: (answered: boolean) => {
      inFlight -= 1;
      if (!answered) abandoned += 1;
    },
    recordRequest(outcome: Outcome, arrivedAt: number) {
      requests += 1;
      arrivals.push(arrivedAt);
      outcomes[outcome] += 1;
    },
    recordDelivery(type: string, recipient: string, message: string) {
      const key = JSON.stringify([type, recipient, message]);
      const entry = deliveries.get(key) ?? { type, recipient, message, count: 0 };
      entry.count += 1;
      deliveries.set(key, entry);
    },
    /** With a window: also the most requests that arrived within any window of that length. */
    summary(windowMs?: number) {
      let delivered = 0;
      for (const entry of deliveries.values()) delivered += entry.count;
      return {
        requests,
        inFlight,
        abandoned,
        outcomes,
        delivered,
        unique: deliveries.size,
        duplicates: delivered - deliveries.size,
        ...(windowMs ? { windowMs, maxInWindow: maxInAnyWindow(arrivals, windowMs) } : {}),
      };
    },
    deliveries: () => [...deliveries.values()],
    reset() {
      requests = 0;
      abandoned = 0;
      arrivals = [];
      outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
      deliveries = new Map();
    },
  };
}
export type DeliveryStats = ReturnType<typeof deliveryStats>;
