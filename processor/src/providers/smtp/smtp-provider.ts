import nodemailer from 'nodemailer';
import type { NotificationProvider, OutboundMessage, ProviderReceipt } from '../provider';
import { installDataProbe, messageDataSent, withProbe, type DataProbe } from './message-data-probe';
import { classifySmtpFailure } from './smtp-failure';
import { mailFor, type MessageSettings } from './smtp-message';

/**
 * implicit: TLS from the first byte (usually port 465); starttls: upgrade or send nothing;
 * opportunistic: upgrade when the server offers it; none: never upgrade.
 */
export const SMTP_TLS_MODES = ['implicit', 'starttls', 'opportunistic', 'none'] as const;
export type SmtpTlsMode = (typeof SMTP_TLS_MODES)[number];

export interface SmtpOptions extends MessageSettings {
  host: string;
  port: number;
  tls: SmtpTlsMode;
  auth: { user: string; pass: string } | null;
  /** Connections kept open to the server; sends beyond them wait in nodemailer's queue. */
  poolSize: number;
  /** The longest wait for any one step: connecting, the greeting, each reply. */
  timeoutMs: number;
}

/** The provider, plus a way to close its pooled connections. */
export type SmtpProvider = NotificationProvider & { close(): void };

/** A successful send's final reply starts with its code (`250 2.0.0 Ok: queued as …`). */
const replyCode = (response: string | undefined): number => {
  const code = Number(/^\d{3}/.exec(response ?? '')?.[0]);
  return Number.isInteger(code) && code > 0 ? code : 250;
};

/**
 * E-mail over SMTP (nodemailer), through a pool of connections that stay open between
 * sends. The receipt's `httpStatus` is the SMTP reply code (250); its message id is the
 * Message-ID we set, derived from the notification id.
 */
export function smtpProvider(options: SmtpOptions): SmtpProvider {
  const transporter = nodemailer.createTransport({
    pool: true,
    host: options.host,
    port: options.port,
    secure: options.tls === 'implicit',
    requireTLS: options.tls === 'starttls',
    ignoreTLS: options.tls === 'none',
    ...(options.auth ? { auth: options.auth } : {}),
    maxConnections: options.poolSize,
    // A pooled connection the server closed while idle fails the next send before a byte of
    // it left; the pool may then try once more on a fresh connection. Anything beyond one is
    // the retry policy's call, with its backoff and the breaker watching.
    maxRequeues: 1,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    // nodemailer's own log is off: ours records each attempt, with recipients masked.
    logger: false,
  });
  // Every failure also rejects its own send, where it is classified; an 'error' event with
  // no listener would instead take the whole processor down.
  transporter.on('error', () => undefined);
  installDataProbe(transporter);

  return {
    name: 'smtp',
    async send(outbound: OutboundMessage): Promise<ProviderReceipt> {
      const mail = mailFor(outbound, options);
      const probe: DataProbe = { stream: null };
      try {
        const info = await transporter.sendMail(withProbe(mail, probe));
        return { httpStatus: replyCode(info.response), providerMessageId: String(mail.messageId) };
      } catch (error) {
        throw classifySmtpFailure(error, messageDataSent(probe));
      }
    },
    close: () => transporter.close(),
  };
}
