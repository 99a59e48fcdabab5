import { StatusBadge } from '../../../components/status-badge';
import { useNotification } from '../api/get-notification';
import { RetryButton } from './retry-button';

interface Props {
  id: string;
  onClose(): void;
}

/** One notification with its whole delivery history. */
export function NotificationDetail({ id, onClose }: Props) {
  const detail = useNotification(id);
  return (
    <aside className="detail" aria-label="Notification detail">
      <header>
        <h2>Notification</h2>
        <button type="button" onClick={onClose} aria-label="Close detail">
          ×
        </button>
      </header>
      {detail.isPending && <p>Loading…</p>}
      {detail.isError && <p role="alert">{detail.error.message}</p>}
      {detail.data && (
        <>
          <dl>
            <dt>Id</dt>
            <dd className="mono">{detail.data.id}</dd>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={detail.data.status} />{' '}
              {detail.data.status === 'failed' && <RetryButton id={detail.data.id} />}
            </dd>
            <dt>To</dt>
            <dd className="mono">
              {detail.data.type} · {detail.data.recipient}
            </dd>
            <dt>Message</dt>
            <dd>{detail.data.message}</dd>
            {detail.data.last_error && (
              <>
                <dt>Last error</dt>
                <dd className="error">{detail.data.last_error}</dd>
              </>
            )}
          </dl>
          <h3>Attempts</h3>
          <table aria-label="Attempts">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">At</th>
                <th scope="col">Outcome</th>
                <th scope="col">HTTP</th>
                <th scope="col">Latency</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {detail.data.attempts.map((attempt) => (
                <tr key={attempt.number}>
                  <td>{attempt.number}</td>
                  <td>{new Date(attempt.at).toLocaleTimeString()}</td>
                  <td>{attempt.outcome}</td>
                  <td>{attempt.http_status ?? '—'}</td>
                  <td>{attempt.latency_ms} ms</td>
                  <td className="error">{attempt.error}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {detail.data.replays.length > 0 && (
            <>
              <h3>Replays</h3>
              <ul>
                {detail.data.replays.map((replay) => (
                  <li key={replay.at}>
                    {new Date(replay.at).toLocaleString()} by {replay.by}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </aside>
  );
}
