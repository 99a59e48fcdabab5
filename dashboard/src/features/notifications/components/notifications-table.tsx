import type { NotificationSummary } from '@notify/shared';
import { LoadMoreButton } from '../../../components/load-more-button';
import { StatusBadge } from '../../../components/status-badge';
import { isUnauthorized } from '../../../lib/api-client';
import { ApiKeyPrompt } from '../../auth/api-key-prompt';
import { useNotifications } from '../api/get-notifications';
import type { NotificationFilters } from '../filters/notification-filters';
import { RetryButton } from './retry-button';

interface Props {
  filters: NotificationFilters;
  onSelect(id: string): void;
}

const time = (iso: string) => new Date(iso).toLocaleTimeString();

export function NotificationsTable({ filters, onSelect }: Props) {
  const list = useNotifications(filters);
  const rows: NotificationSummary[] = list.data?.pages.flatMap((page) => page.items) ?? [];

  if (isUnauthorized(list.error)) return <ApiKeyPrompt />;
  if (list.isError) return <p role="alert">Could not load notifications: {list.error.message}</p>;
  return (
    <section className="table-wrap">
      <table aria-label="Notifications">
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Recipient</th>
            <th scope="col">Campaign</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last error</th>
            <th scope="col">Updated</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.id}
              data-id={row.id}
              data-status={row.status}
              tabIndex={0}
              onClick={() => onSelect(row.id)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') onSelect(row.id);
              }}
            >
              <td>{row.type}</td>
              <td className="mono">{row.recipient}</td>
              <td className="mono" title={row.campaign_id}>
                {row.campaign_id.slice(0, 8)}
              </td>
              <td>
                <StatusBadge status={row.status} />
              </td>
              <td>{row.attempt_count}</td>
              <td className="error" title={row.last_error ?? undefined}>
                {row.last_error}
              </td>
              <td>{time(row.updated_at)}</td>
              <td>{row.status === 'failed' && <RetryButton id={row.id} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.isPending && <p>Loading…</p>}
      {!list.isPending && rows.length === 0 && <p>No notifications match these filters.</p>}
      <LoadMoreButton query={list} />
    </section>
  );
}
