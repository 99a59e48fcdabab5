import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  eventsChannel,
  statusEventSchema,
  type NotificationSummary,
  type StatusEvent,
} from '@notify/shared';

export interface RelaySink {
  notifications(items: NotificationSummary[]): void;
  resync(): void;
}

/**
 * Subscribes to the processors' status events and hands them on coalesced: within one
 * flush window only the latest state of each notification survives. At 1,000 changes a
 * second this turns into 10 pushes of ≤1,000 rows instead of 1,000 socket messages.
 */
export function eventRelay(
  subscriber: Redis,
  queuePrefix: string,
  flushMs: number,
  sink: RelaySink,
  onEvent: (event: StatusEvent) => void,
  logger: Logger,
) {
  let pending = new Map<string, NotificationSummary>();
  let lostSubscription = false;

  subscriber.on('message', (_channel: string, payload: string) => {
    let event: StatusEvent;
    try {
      event = statusEventSchema.parse(JSON.parse(payload));
    } catch (error) {
      logger.warn({ err: error }, 'ignored a malformed status event');
      return;
    }
    onEvent(event);
    if (event.kind !== 'notification.status') return;
    const row = event.notification;
    const seen = pending.get(row.id);
    // Events from several processors can arrive out of order; keep the newest state.
    if (!seen || seen.updated_at <= row.updated_at) pending.set(row.id, row);
  });
  subscriber.on('close', () => {
    lostSubscription = true;
  });
  subscriber.on('ready', () => {
    if (!lostSubscription) return;
    lostSubscription = false;
    logger.info({}, 'event subscription restored; asking clients to resync');
    sink.resync();
  });

  const timer = setInterval(() => {
    if (pending.size === 0) return;
    const items = [...pending.values()];
    pending = new Map();
    sink.notifications(items);
  }, flushMs);

  return {
    start: () => subscriber.subscribe(eventsChannel(queuePrefix)),
    async stop() {
      clearInterval(timer);
      await subscriber.quit().catch(() => undefined);
    },
  };
}
