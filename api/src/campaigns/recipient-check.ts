import { EMAIL_MAX_LENGTH, emailAddressSchema } from '@notify/shared';

export type RecipientCheck =
  { ok: true; address: string; key: string } | { ok: false; reason: string };

/**
 * One CSV cell → an address to send to, or the reason it is refused. The duplicate key is
 * the lower-cased address: mailbox names are case-insensitive at every provider that matters,
 * and sending the same person two tokens is the worse mistake.
 */
export function checkRecipient(value: string): RecipientCheck {
  const address = value.trim();
  if (address.length === 0) return { ok: false, reason: 'empty address' };
  if (address.length > EMAIL_MAX_LENGTH) {
    return { ok: false, reason: `longer than ${EMAIL_MAX_LENGTH} characters` };
  }
  if (!emailAddressSchema.safeParse(address).success) {
    return { ok: false, reason: 'not a valid e-mail address' };
  }
  return { ok: true, address, key: address.toLowerCase() };
}
