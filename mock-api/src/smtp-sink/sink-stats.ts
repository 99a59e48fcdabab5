import { maskRecipient } from '@notify/shared';

export interface ReceivedMail {
  messageId: string | null;
  /** Envelope sender and recipients (MAIL FROM, RCPT TO). */
  from: string;
  to: string[];
  size: number;
  /** ISO time the message data was complete. */
  at: string;
  /** The sink closed the connection instead of answering: the sender never heard 250. */
  droppedAfterData: boolean;
}

/** A whole message as received, headers and body, for tests (control on only). */
export interface RawMail extends ReceivedMail {
  raw: string;
}

const COUNTERS = [
  'greylisted',
  'rejected',
  'droppedBeforeData',
  'droppedAfterData',
  'authFailures',
] as const;
export type SinkCounter = (typeof COUNTERS)[number];
const zeroCounters = () =>
  Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<SinkCounter, number>;

/** The newest messages /stats/smtp lists: enough to see a demo's e-mail arrive. */
const LAST_LISTED = 50;
/** Whole messages kept for tests; older ones are let go so memory stays bounded. */
const RAW_KEPT = 1000;

/**
 * What the sink received, counted per Message-ID: the same notification sent twice arrives
 * with the same Message-ID, so `duplicates` is what a receiver would see twice.
 */
export function sinkStats({ keepMessages }: { keepMessages: boolean }) {
  let counters = zeroCounters();
  let received = 0;
  let withoutMessageId = 0;
  let byMessageId = new Map<string, number>();
  let last: ReceivedMail[] = [];
  let raw: RawMail[] = [];

  const summary = () => ({
    received,
    uniqueMessageIds: byMessageId.size,
    duplicates: received - withoutMessageId - byMessageId.size,
    withoutMessageId,
    ...counters,
  });

  return {
    count(counter: SinkCounter) {
      counters[counter] += 1;
    },
    recordReceived(mail: RawMail) {
      received += 1;
      if (mail.droppedAfterData) counters.droppedAfterData += 1;
      if (mail.messageId === null) withoutMessageId += 1;
      else byMessageId.set(mail.messageId, (byMessageId.get(mail.messageId) ?? 0) + 1);
      const { raw: body, ...listed } = mail;
      last.unshift({ ...listed, to: listed.to.map(maskRecipient) });
      if (last.length > LAST_LISTED) last.pop();
      if (keepMessages) raw.push({ ...listed, raw: body });
      if (raw.length > RAW_KEPT) raw.shift();
    },
    summary,
    /** The summary, every Message-ID that arrived more than once, and the newest messages. */
    listing() {
      const duplicated = [...byMessageId].filter(([, count]) => count > 1);
      return {
        ...summary(),
        duplicatedMessageIds: Object.fromEntries(duplicated),
        last: [...last],
      };
    },
    messages: (): RawMail[] => [...raw],
    reset() {
      counters = zeroCounters();
      received = 0;
      withoutMessageId = 0;
      byMessageId = new Map();
      last = [];
      raw = [];
    },
  };
}
export type SinkStats = ReturnType<typeof sinkStats>;
