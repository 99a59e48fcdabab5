import { useUrlFilters } from '../filters/use-url-filters';
import { FiltersBar } from './filters-bar';
import { NotificationDetail } from './notification-detail';
import { NotificationsTable } from './notifications-table';
import { ReplayFailedButton } from './replay-failed-button';

/**
 * Where focus goes when the detail closes and nothing opened it from the page (a shared link
 * with `?id=`) or its opener has gone: the row if it is listed, else the list itself.
 */
const listFocus = (id: string) =>
  [...document.querySelectorAll<HTMLElement>('tr[data-id]')].find((tr) => tr.dataset.id === id) ??
  document.querySelector<HTMLElement>('table[aria-label="Notifications"]');

/** The notifications page: filters and list from the URL, and the open notification. */
export function NotificationsView() {
  const { filters, setFilters, selectedId, select } = useUrlFilters();
  return (
    <>
      <main>
        <FiltersBar filters={filters} onChange={setFilters} />
        <ReplayFailedButton filters={filters} />
        <NotificationsTable filters={filters} onSelect={select} onFiltersChange={setFilters} />
      </main>
      {selectedId && (
        <NotificationDetail
          key={selectedId}
          id={selectedId}
          onClose={() => select(null)}
          fallbackFocus={() => listFocus(selectedId)}
        />
      )}
    </>
  );
}
