import type { Channel } from '@notify/shared';

export interface OutboundMessage {
  notificationId: string;
  type: Channel;
  recipient: string;
  /** E-mail subject when the notification has one; providers that need one supply a default. */
  subject: string | null;
  /** The body as the recipient sees it (campaign tokens already filled in). */
  message: string;
}

export interface ProviderReceipt {
  httpStatus: number;
  providerMessageId: string | null;
  /** What the provider answered, as kept for the attempt (see response-body.ts). */
  responseBody?: string | null;
}

/**
 * What every provider adapter implements. `send` resolves when the provider accepted the
 * message and rejects with a ProviderError subclass otherwise (see provider-errors.ts).
 */
export interface NotificationProvider {
  readonly name: string;
  send(message: OutboundMessage): Promise<ProviderReceipt>;
  /** Lets go of pooled connections at shutdown (the SMTP provider holds some). */
  close?(): void;
}
