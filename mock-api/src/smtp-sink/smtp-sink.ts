import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { SMTPServer } from 'smtp-server';
import { maskRecipient } from '@notify/shared';
import { headerValue } from './message-headers';
import { credentialCheck } from './sink-credentials';
import { sinkBehaviour, type SinkBehaviourControl } from './sink-behaviour';
import { sinkStats, type SinkStats } from './sink-stats';

export interface SmtpSinkOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** Both set: every session must AUTH with them (535 otherwise). Neither: anyone may send. */
  username?: string | undefined;
  password?: string | undefined;
  /** Keep whole messages for /stats/smtp/messages (control on only: they are personal data). */
  keepMessages: boolean;
}

export interface RunningSmtpSink {
  port: number;
  stats: SinkStats;
  behaviour: SinkBehaviourControl;
  stop(): Promise<void>;
}

/** A common relay's limit; the processor's e-mails are at most 10,000 characters of text. */
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

const refusal = (responseCode: number, message: string) =>
  Object.assign(new Error(message), { responseCode });

/**
 * A local SMTP server that keeps what it receives in memory: `npm start` sends the SMTP
 * provider's e-mail here, and tests make it greylist, reject or drop a connection.
 */
export async function startSmtpSink(
  options: SmtpSinkOptions,
  logger: Logger,
): Promise<RunningSmtpSink> {
  const stats = sinkStats({ keepMessages: options.keepMessages });
  const behaviour = sinkBehaviour();
  const loginOk = credentialCheck(options.username, options.password);
  // Connections whose current message is to be dropped once its data is in (set at RCPT TO).
  const dropping = new Set<string>();

  /** Ends a session without a reply, as a crashed server or a cut network would. */
  const closeConnection = (sessionId: string) => {
    for (const connection of server.connections) {
      if (connection.id === sessionId) connection.close();
    }
  };

  const server: SMTPServer = new SMTPServer({
    name: 'notify-smtp-sink',
    banner: 'notify mock SMTP sink',
    logger: false,
    // Plain text only: a local sink has no certificate to offer, so no STARTTLS; AUTH only
    // when there are credentials to check (and then over plain text, for the same reason).
    disabledCommands: loginOk ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !loginOk,
    allowInsecureAuth: true,
    size: MAX_MESSAGE_BYTES,
    onAuth(auth, _session, callback) {
      if (loginOk?.(auth)) return callback(null, { user: auth.username });
      stats.count('authFailures');
      callback(refusal(535, 'Authentication credentials invalid'));
    },
    onMailFrom(_address, session, callback) {
      dropping.delete(session.id);
      callback();
    },
    onRcptTo(address, session, callback) {
      const next = behaviour.take(address.address);
      if (next === 'greylist') {
        stats.count('greylisted');
        return callback(refusal(451, 'Greylisted, please try again later'));
      }
      if (next === 'reject') {
        stats.count('rejected');
        return callback(refusal(550, 'Mailbox unavailable'));
      }
      if (next === 'drop-before-data') {
        stats.count('droppedBeforeData');
        return closeConnection(session.id);
      }
      if (next === 'drop-after-data') dropping.add(session.id);
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_MESSAGE_BYTES) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(refusal(552, 'Message exceeds the size limit'));
        const raw = Buffer.concat(chunks);
        const drop = dropping.delete(session.id);
        const to = session.envelope.rcptTo.map((r) => r.address);
        const messageId = headerValue(raw, 'message-id');
        stats.recordReceived({
          messageId,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to,
          size: raw.length,
          at: new Date().toISOString(),
          droppedAfterData: drop,
          raw: raw.toString('utf8'),
        });
        logger.debug(
          { messageId, to: to.map(maskRecipient), droppedAfterData: drop },
          'smtp sink received a message',
        );
        if (!drop) return callback(null, 'Ok: queued');
        // No reply at all: the sender has sent everything and cannot tell what became of it.
        closeConnection(session.id);
      });
    },
    onClose(session) {
      dropping.delete(session.id);
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Clients that reset their connection: part of the job for a sink, not a failure of it.
  server.on('error', (err) => logger.debug({ err }, 'smtp sink connection error'));
  const port = (server.server.address() as AddressInfo).port;
  logger.info({ port, auth: loginOk !== null }, 'smtp sink listening');

  return {
    port,
    stats,
    behaviour,
    async stop() {
      // As the HTTP side does: every connection is cut at once, idle pooled ones included.
      for (const connection of server.connections) connection.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
