import { useState } from 'react';

// One formatter each, shared by every row: building one per call (toLocaleString) was the
// most expensive call of a table redraw under a stream of changes.
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Infinity],
];

/** The full date and time, in the reader's locale. */
export const fullTime = (iso: string): string => fullFormat.format(new Date(iso));

/** "3 minutes ago": the largest unit the gap fills at least once. */
export function relativeTime(iso: string, now: number): string {
  let amount = (Date.parse(iso) - now) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(amount) < size) return relativeFormat.format(Math.round(amount), unit);
    amount /= size;
  }
  return relativeFormat.format(Math.round(amount), 'year');
}

interface Props {
  iso: string;
  /** Said after the relative time on hover, e.g. the other timestamp of the same row. */
  note?: string;
}

/**
 * A date and time, with how long ago on hover. "Now" is read again as the pointer (or focus)
 * arrives, so a row that has not re-rendered for minutes still says the right "ago".
 */
export function Timestamp({ iso, note }: Props) {
  const [now, setNow] = useState(Date.now);
  const relative = relativeTime(iso, now);
  return (
    <time
      dateTime={iso}
      title={note ? `${relative} · ${note}` : relative}
      onMouseEnter={() => setNow(Date.now())}
    >
      {fullTime(iso)}
    </time>
  );
}
