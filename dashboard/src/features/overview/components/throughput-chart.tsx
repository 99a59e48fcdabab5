import type { ThroughputPoint } from '@notify/shared';
import { perMinute, type MinuteBucket } from '../throughput/throughput-history';

const WIDTH = 300;
const HEIGHT = 60;

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const minuteLabel = (bucket: MinuteBucket | undefined) =>
  bucket ? clock.format(new Date(bucket.at)) : '';

const line = (buckets: MinuteBucket[], key: 'sent' | 'failed', max: number) =>
  buckets
    .map(
      (b, i) =>
        `${((i / Math.max(buckets.length - 1, 1)) * WIDTH).toFixed(1)},${(HEIGHT - (b[key] / max) * HEIGHT).toFixed(1)}`,
    )
    .join(' ');

/**
 * Sent and failed per minute since the page opened (plus the minutes the api still held then),
 * as two lines over a time axis. The current minute is still counting, so the figures quoted
 * are the last complete minute's.
 */
export function ThroughputChart({ points }: { points: ThroughputPoint[] }) {
  const buckets = perMinute(points);
  const max = Math.max(1, ...buckets.map((b) => Math.max(b.sent, b.failed)));
  const complete = buckets.at(-2);
  const middle = buckets.length > 2 ? buckets[Math.floor((buckets.length - 1) / 2)] : undefined;
  const summary = complete
    ? `${complete.sent} sent and ${complete.failed} failed in the minute from ${minuteLabel(complete)}`
    : 'no complete minute yet';
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Throughput per minute: ${summary}`}
      >
        <polyline className="line-sent" points={line(buckets, 'sent', max)} />
        <polyline className="line-failed" points={line(buckets, 'failed', max)} />
      </svg>
      <div className="chart-axis" aria-hidden="true">
        <span>{minuteLabel(buckets[0])}</span>
        <span>{minuteLabel(middle)}</span>
        <span>{minuteLabel(buckets.at(-1))}</span>
      </div>
      <figcaption>
        <span className="legend-sent">sent {complete?.sent ?? 0}/min</span>{' '}
        <span className="legend-failed">failed {complete?.failed ?? 0}/min</span> · peak {max}
        /min
      </figcaption>
    </figure>
  );
}
