import type { ThroughputPoint } from '@notify/shared';

const WIDTH = 300;
const HEIGHT = 60;

const line = (points: ThroughputPoint[], key: 'sent' | 'failed', max: number) =>
  points
    .map(
      (p, i) =>
        `${((i / Math.max(points.length - 1, 1)) * WIDTH).toFixed(1)},${(HEIGHT - (p[key] / max) * HEIGHT).toFixed(1)}`,
    )
    .join(' ');

/** Sent and failed per second over the last minutes, as two lines. */
export function ThroughputChart({ points }: { points: ThroughputPoint[] }) {
  const max = Math.max(1, ...points.map((p) => Math.max(p.sent, p.failed)));
  const last = points.at(-1);
  const lastMinute = points.slice(-60);
  const perMinute = (key: 'sent' | 'failed') => lastMinute.reduce((n, p) => n + p[key], 0);
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Throughput: ${perMinute('sent')} sent and ${perMinute('failed')} failed in the last minute`}
      >
        <polyline className="line-sent" points={line(points, 'sent', max)} />
        <polyline className="line-failed" points={line(points, 'failed', max)} />
      </svg>
      <figcaption>
        <span className="legend-sent">sent {last?.sent ?? 0}/s</span>{' '}
        <span className="legend-failed">failed {last?.failed ?? 0}/s</span> · peak {max}/s, last 5
        min
      </figcaption>
    </figure>
  );
}
