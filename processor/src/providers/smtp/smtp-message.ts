import { DEFAULT_EMAIL_SUBJECT } from '@notify/shared';
import type { SendMailOptions } from 'nodemailer';
import type { OutboundMessage } from '../provider';
import { PermanentProviderError } from '../provider-errors';

const LINE_BREAK = /[\r\n]/;
/**
 * One bare address: no display name, no list, nothing a header parser could split into a
 * second recipient. Intake already checked the format; this is the last gate before SMTP.
 */
const SINGLE_ADDRESS = /^[^\s<>()[\],;:"@]+@[^\s<>()[\],;:"@]+$/;

/** The same notification always carries the same Message-ID, so a resend is traceable. */
export const messageIdFor = (notificationId: string, domain: string): string =>
  `<${notificationId}@${domain}>`;

export interface MessageSettings {
  /** RFC 5322 From, e.g. `Notify <notify@example.com>` (checked by the config). */
  from: string;
  messageIdDomain: string;
}

/**
 * The message as nodemailer sends it, or a permanent refusal when it cannot be sent safely:
 * SMTP carries e-mail only, and a CR or LF in a header field would let its value start a
 * header of its own (`Bcc:`), so such a message never leaves.
 */
export function mailFor(outbound: OutboundMessage, settings: MessageSettings): SendMailOptions {
  if (outbound.type !== 'email') {
    throw new PermanentProviderError('SMTP sends e-mail only, not SMS', null);
  }
  const fields = { recipient: outbound.recipient, subject: outbound.subject ?? '' };
  for (const [field, value] of Object.entries(fields)) {
    if (LINE_BREAK.test(value)) {
      throw new PermanentProviderError(`${field} contains a line break; not sent`, null);
    }
  }
  if (!SINGLE_ADDRESS.test(outbound.recipient)) {
    throw new PermanentProviderError('recipient is not a single e-mail address; not sent', null);
  }
  return {
    from: settings.from,
    to: outbound.recipient,
    subject: outbound.subject ?? DEFAULT_EMAIL_SUBJECT,
    text: outbound.message,
    messageId: messageIdFor(outbound.notificationId, settings.messageIdDomain),
    // Says nothing about our software or its version to every receiver.
    xMailer: false,
  };
}
