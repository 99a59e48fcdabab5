import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { eventsChannel, type StatusEvent } from '../events/status-event';

export type PublishStatus = (event: StatusEvent) => void;

/** Redis hash of each provider's latest breaker state, for api replicas that start later. */
export const breakersKey = (queuePrefix: string): string => `${queuePrefix}:breakers`;

/**
 * Best effort by design: MongoDB is the record, events only make the dashboard live, and
 * it resynchronises from the REST API on reconnect. A lost event must never fail a send.
 */
export function statusPublisher(redis: Redis, queuePrefix: string, logger: Logger): PublishStatus {
  const channel = eventsChannel(queuePrefix);
  return (event) => {
    // Typed at compile time; the receiving side (the api's relay) parses it with the schema.
    const payload = JSON.stringify(event);
    const writes = [redis.publish(channel, payload)];
    if (event.kind === 'breaker.state') {
      const state = JSON.stringify({ state: event.state, since: event.at });
      writes.push(redis.hset(breakersKey(queuePrefix), event.provider, state));
    }
    Promise.all(writes).catch((error: unknown) => {
      logger.warn({ err: error, kind: event.kind }, 'status event not published');
    });
  };
}
