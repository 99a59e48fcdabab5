import type { Readable } from 'node:stream';
import type { SendMailOptions, Transporter } from 'nodemailer';

/** Tells, after a failed send, whether the server may have received the whole message. */
export interface DataProbe {
  /** The message stream of the latest try, as the SMTP connection was handed it. */
  stream: Readable | null;
}

const PROBE_KEY = 'notifyDataProbe';
type ProbedMail = SendMailOptions & { [PROBE_KEY]?: DataProbe };

/** The mail with a probe attached; nodemailer copies it onto the message it compiles. */
export const withProbe = (mail: SendMailOptions, probe: DataProbe): ProbedMail => ({
  ...mail,
  [PROBE_KEY]: probe,
});

/**
 * The SMTP connection starts reading the message stream only once the server accepted DATA
 * (354), and nodemailer's pool judges "not a byte of the message was sent" by that same
 * stream's `readableDidRead`. Before that, nothing can have been delivered; after it, a lost
 * connection may have delivered. The stream is the compiled message's own output: no later
 * stage (DKIM, newline conversion; neither is configured here) reads it ahead of the socket.
 */
export function installDataProbe(transporter: Transporter): void {
  transporter.use('stream', (mail, done) => {
    const probe = (mail.data as ProbedMail)[PROBE_KEY];
    if (probe) {
      // Runs once per try: a send the pool requeued onto a fresh connection replaces it.
      mail.message.processFunc((input) => {
        probe.stream = input;
        return input;
      });
    }
    done();
  });
}

export const messageDataSent = (probe: DataProbe): boolean =>
  probe.stream?.readableDidRead === true;
