import { maskRecipient } from '@notify/shared';
import type { NodemailerError } from 'nodemailer';
import {
  PermanentProviderError,
  TransientProviderError,
  UncertainDeliveryError,
  type ProviderError,
} from '../provider-errors';

/**
 * Failures nodemailer raises without a server reply because the message or the settings are
 * wrong (no recipient, too large for the server's SIZE, no usable auth method): sending the
 * same again cannot help.
 */
const REQUEST_ERRORS = new Set(['EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS', 'EAUTH', 'ENOAUTH']);

/** Replies quote addresses (`550 <ana@example.com>: no such user`); the attempt keeps none. */
const masked = (text: string): string =>
  text.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, (address) => maskRecipient(address));

const reasonOf = (err: NodemailerError): string =>
  masked((err.response ?? err.message).replace(/\s+/g, ' ').trim()).slice(0, 500);

/**
 * A connection lost (or silent past the timeout) after the server had the whole message, but
 * before it said 250: it may have delivered. Classified exactly as an HTTP provider's timeout
 * is (post-json.ts): uncertain (transient, no status, no failover). Retried on this provider, it reaches the receiver
 * with the same Message-ID, so a duplicate is recognisable there.
 */
const maybeDelivered = (err: NodemailerError): ProviderError =>
  new UncertainDeliveryError(
    `SMTP ${err.code ?? 'connection'}: lost after the message was sent, before the server ` +
      `confirmed it (it may have been delivered): ${reasonOf(err)}`,
    null,
  );

/**
 * The SMTP provider's one classification. A reply code decides when the server gave one:
 * 4xx (421 closing, 450/451 greylisted or busy, 452 out of storage) is transient by RFC 5321;
 * every 5xx, 535 bad credentials included, is permanent. Without a reply: a connection that
 * failed before the message data went out is transient (nothing was sent); one that failed
 * after is "maybe delivered" (above). `httpStatus` carries the SMTP reply code.
 */
export function classifySmtpFailure(error: unknown, dataSent: boolean): ProviderError {
  if (!(error instanceof Error)) return new TransientProviderError(String(error), null);
  const err = error as NodemailerError;
  const reply = err.responseCode;
  const reason = `SMTP ${reply ?? err.code ?? 'error'}: ${reasonOf(err)}`;
  if (reply !== undefined && reply >= 400 && reply < 500) {
    return new TransientProviderError(reason, reply);
  }
  if (reply !== undefined && reply >= 500) return new PermanentProviderError(reason, reply);
  if (dataSent && reply === undefined) return maybeDelivered(err);
  if (err.code && REQUEST_ERRORS.has(err.code)) return new PermanentProviderError(reason, null);
  return new TransientProviderError(reason, reply ?? null);
}
