import { randomUUID } from 'node:crypto';
import type { CreateNotificationRequest } from '@notify/shared';

let sequence = 0;

/** A valid request body; every call differs, so deliveries can be told apart. */
export function buildNotification(
  overrides: Partial<CreateNotificationRequest> = {},
): CreateNotificationRequest {
  sequence += 1;
  const type = overrides.type ?? 'sms';
  return {
    type,
    recipient:
      type === 'sms'
        ? `+1415555${String(sequence % 10_000).padStart(4, '0')}`
        : `user${sequence}@example.com`,
    message: `Test message ${sequence} ${randomUUID()}`,
    campaign_id: randomUUID(),
    ...overrides,
  };
}
