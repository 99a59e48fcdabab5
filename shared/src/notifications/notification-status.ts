import { z } from 'zod';

export const CHANNELS = ['email', 'sms'] as const;
export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;

/**
 * queued → processing → (retrying → processing)* → sent | failed; an unsent one of a cancelled
 * campaign → cancelled. `failed` is the dead-letter state: terminal until an operator replays
 * it. `cancelled` is terminal for good: never sent, not a failure, never replayed.
 */
export const NOTIFICATION_STATUSES = [
  'queued',
  'processing',
  'retrying',
  'sent',
  'failed',
  'cancelled',
] as const;
export const notificationStatusSchema = z.enum(NOTIFICATION_STATUSES);
export type NotificationStatus = z.infer<typeof notificationStatusSchema>;

export const TERMINAL_STATUSES: readonly NotificationStatus[] = ['sent', 'failed', 'cancelled'];
export const isTerminal = (status: NotificationStatus): boolean =>
  TERMINAL_STATUSES.includes(status);

/** What one provider call ended as; recorded on every attempt. */
export const ATTEMPT_OUTCOMES = ['sent', 'rate_limited', 'transient', 'permanent'] as const;
export const attemptOutcomeSchema = z.enum(ATTEMPT_OUTCOMES);
export type AttemptOutcome = z.infer<typeof attemptOutcomeSchema>;
