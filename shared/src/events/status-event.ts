import { z } from 'zod';
import { notificationSummarySchema } from '../notifications/notification-view';

/**
 * Redis pub/sub channel the processor publishes on and every api replica relays; named
 * after the queue prefix so environments sharing one Redis stay apart.
 */
export const eventsChannel = (queuePrefix: string): string => `${queuePrefix}:events`;

export const BREAKER_STATES = ['closed', 'open', 'half_open'] as const;

export const statusEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('notification.status'),
    notification: notificationSummarySchema,
  }),
  z.object({
    kind: z.literal('breaker.state'),
    provider: z.string(),
    state: z.enum(BREAKER_STATES),
    at: z.iso.datetime(),
  }),
]);
export type StatusEvent = z.infer<typeof statusEventSchema>;
