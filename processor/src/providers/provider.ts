import type { Channel } from '@notify/shared';

export interface OutboundMessage {
  notificationId: string;
  type: Channel;
  recipient: string;
  message: string;
}

export interface ProviderReceipt {
  httpStatus: number;
  providerMessageId: string | null;
}

/**
 * What every provider adapter implements. `send` resolves when the provider accepted the
 * message and rejects with a ProviderError subclass otherwise (see provider-errors.ts).
 */
export interface NotificationProvider {
  readonly name: string;
  send(message: OutboundMessage): Promise<ProviderReceipt>;
}
