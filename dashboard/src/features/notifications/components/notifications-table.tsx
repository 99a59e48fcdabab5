import type { NotificationSummary } from '@notify/shared';
import { LoadMoreButton } from '../../../components/load-more-button';
import { ApiError, isUnauthorized } from '../../../lib/api-client';
import { ApiKeyPrompt } from '../../auth/api-key-prompt';
import { useNotifications } from '../api/get-notifications';
import type { NotificationFilters } from '../filters/notification-filters';
import { NotificationRow } from './notification-row';

interface Props {
  filters: NotificationFilters;
  onSelect(id: string): void;
  /** Switches the order (it lives in the filters, so in the URL). */
  onFiltersChange(filters: NotificationFilters): void;
}

/** What went wrong, with every field the api blamed. */
const failure = (error: Error) =>
  error instanceof ApiError && error.fields.length > 0
    ? `${error.message}: ${error.fields.map((f) => `${f.field} ${f.message}`).join('; ')}`
    : error.message;

// The time column shows what the rows are ordered by, and its header says which.
const TIME_HINT = {
  created: 'When it was accepted. Rows are ordered by creation, newest first.',
  updated: 'When its status last changed. Rows are ordered by that, latest first.',
};

/** The list, newest first; on a phone its rows are cards (styles.css). */
export function NotificationsTable({ filters, onSelect, onFiltersChange }: Props) {
  const sort = filters.sort ?? 'created';
  const other = sort === 'created' ? 'updated' : 'created';
  const list = useNotifications(filters);
  const rows: NotificationSummary[] = list.data?.pages.flatMap((page) => page.items) ?? [];

  if (isUnauthorized(list.error)) return <ApiKeyPrompt />;
  if (list.isError) return <p role="alert">Could not load notifications: {failure(list.error)}</p>;
  return (
    <section className="table-wrap">
      {/* Focusable by script only: where focus returns when the detail's row has left. */}
      <table aria-label="Notifications" className="notifications" tabIndex={-1}>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Recipient</th>
            <th scope="col">Campaign</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last error</th>
            <th scope="col" aria-sort="descending" title={TIME_HINT[sort]}>
              <button
                type="button"
                className="sort-toggle"
                title={`Newest first. Sort by ${other} instead`}
                onClick={() =>
                  onFiltersChange({ ...filters, sort: other === 'updated' ? 'updated' : undefined })
                }
              >
                {sort === 'created' ? 'Created' : 'Updated'} <span aria-hidden="true">▼</span>
              </button>
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <NotificationRow key={row.id} row={row} filters={filters} onSelect={onSelect} />
          ))}
        </tbody>
      </table>
      {list.isPending && <p>Loading…</p>}
      {!list.isPending && rows.length === 0 && <p>No notifications match these filters.</p>}
      <LoadMoreButton query={list} />
    </section>
  );
}
