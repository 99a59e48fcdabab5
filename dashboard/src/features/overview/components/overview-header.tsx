import { NOTIFICATION_STATUSES } from '@notify/shared';
import type { ConnectionState } from '../../live/use-live-updates';
import { NavLink } from '../../navigation/nav-link';
import { searchFromFilters } from '../../notifications/filters/notification-filters';
import { useOverview } from '../api/get-overview';
import { QueueDepthRow } from './queue-depth';
import { ThroughputChart } from './throughput-chart';

const BREAKER_LABEL = { closed: 'closed', open: 'open', half_open: 'half-open' } as const;

export function OverviewHeader({ connection }: { connection: ConnectionState }) {
  const overview = useOverview();
  const data = overview.data;
  return (
    <header className="overview">
      <div className="title">
        <h1>Notify</h1>
        <span
          data-testid="connection"
          role="status"
          aria-live="polite"
          className={`connection connection-${connection}`}
        >
          {connection}
        </span>
      </div>
      <ul className="counters" aria-label="Notifications by status">
        {NOTIFICATION_STATUSES.map((status) => (
          <li key={status} className={`counter counter-${status}`}>
            {/* Each count is the ledger's, so the list it links to holds exactly that many. */}
            <NavLink to={searchFromFilters({ status })} aria-label={`Show ${status} notifications`}>
              <span className="counter-label">{status}</span>
              <strong data-testid={`count-${status}`}>
                {data?.stats.by_status[status] ?? '–'}
              </strong>
            </NavLink>
          </li>
        ))}
      </ul>
      <div className="queues">
        {data?.queues.map((queue) => (
          <QueueDepthRow key={queue.provider} queue={queue} />
        ))}
        {data?.breakers.map((breaker) => (
          <p
            key={breaker.provider}
            className={`breaker breaker-${breaker.state}`}
            data-testid={`breaker-${breaker.provider}`}
          >
            breaker {breaker.provider}: {BREAKER_LABEL[breaker.state]}
          </p>
        ))}
        {data && data.breakers.length === 0 && (
          <p className="breaker breaker-closed">breakers: closed</p>
        )}
      </div>
      {data && <ThroughputChart points={data.throughput} />}
    </header>
  );
}
