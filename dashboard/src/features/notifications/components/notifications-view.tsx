import { useUrlFilters } from '../filters/use-url-filters';
import { FiltersBar } from './filters-bar';
import { NotificationDetail } from './notification-detail';
import { NotificationsTable } from './notifications-table';

/** The notifications page: filters and list from the URL, and the open notification. */
export function NotificationsView() {
  const { filters, setFilters, selectedId, select } = useUrlFilters();
  return (
    <>
      <main>
        <FiltersBar filters={filters} onChange={setFilters} />
        <NotificationsTable filters={filters} onSelect={select} />
      </main>
      {selectedId && <NotificationDetail id={selectedId} onClose={() => select(null)} />}
    </>
  );
}
