export interface AcceptedEmail {
  messageId: string;
  to: string;
  subject: string;
  body: string;
  /** ISO time of acceptance. */
  at: string;
}

const COUNTERS = [
  'tokensIssued',
  'authFailures',
  'unauthorized',
  'rateLimited',
  'invalid',
  'failed',
] as const;
export type EmailCounter = (typeof COUNTERS)[number];

const zeroCounters = () =>
  Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<EmailCounter, number>;

/**
 * What the e-mail API saw and accepted; tests read it to prove each recipient got
 * exactly one e-mail and that limits and failures happened as configured.
 */
export function emailStats({ keepMessages }: { keepMessages: boolean }) {
  let counters = zeroCounters();
  let accepted = 0;
  let recipients = new Map<string, number>();
  // Whole bodies are only kept where tests can read them (control on): memory stays bounded.
  let messages: AcceptedEmail[] = [];

  return {
    count(counter: EmailCounter) {
      counters[counter] += 1;
    },
    recordAccepted(email: AcceptedEmail) {
      accepted += 1;
      recipients.set(email.to, (recipients.get(email.to) ?? 0) + 1);
      if (keepMessages) messages.push(email);
    },
    summary() {
      return {
        ...counters,
        accepted,
        uniqueRecipients: recipients.size,
        duplicates: accepted - recipients.size,
      };
    },
    recipients: (): Record<string, number> => Object.fromEntries(recipients),
    messages: (): AcceptedEmail[] => [...messages],
    reset() {
      counters = zeroCounters();
      accepted = 0;
      recipients = new Map();
      messages = [];
    },
  };
}
export type EmailStats = ReturnType<typeof emailStats>;
