import { FiltersBar } from '../features/notifications/components/filters-bar';
import { NotificationDetail } from '../features/notifications/components/notification-detail';
import { NotificationsTable } from '../features/notifications/components/notifications-table';
import { useUrlFilters } from '../features/notifications/filters/use-url-filters';
import type { LiveSocket } from '../features/live/live-socket';
import { useLiveUpdates } from '../features/live/use-live-updates';
import { OverviewHeader } from '../features/overview/components/overview-header';

export function App({ socket }: { socket: LiveSocket }) {
  const connection = useLiveUpdates(socket);
  const { filters, setFilters, selectedId, select } = useUrlFilters();
  return (
    <div className="layout">
      <OverviewHeader connection={connection} />
      <main>
        <FiltersBar filters={filters} onChange={setFilters} />
        <NotificationsTable filters={filters} onSelect={select} />
      </main>
      {selectedId && <NotificationDetail id={selectedId} onClose={() => select(null)} />}
    </div>
  );
}
