import { isUnauthorized } from '../lib/api-client';
import { ApiKeyPrompt } from '../features/auth/api-key-prompt';
import { useCaller } from '../features/auth/api/get-caller';
import { CampaignPage } from '../features/campaigns/components/campaign-page';
import { CampaignsView } from '../features/campaigns/components/campaigns-view';
import type { LiveSocket } from '../features/live/live-socket';
import { useLiveUpdates } from '../features/live/use-live-updates';
import { useAppView } from '../features/navigation/app-view';
import { ViewTabs } from '../features/navigation/view-tabs';
import { NotificationsView } from '../features/notifications/components/notifications-view';
import { OverviewHeader } from '../features/overview/components/overview-header';
import { ProvidersPanel } from '../features/providers/components/providers-panel';

export function App({ socket }: { socket: LiveSocket }) {
  const connection = useLiveUpdates(socket);
  const view = useAppView();
  const caller = useCaller();
  // Without a valid key every view would fail the same way: one prompt instead.
  if (isUnauthorized(caller.error)) {
    return (
      <div className="layout">
        <header className="overview">
          <div className="title">
            <h1>Notify</h1>
          </div>
        </header>
        <main>
          <ApiKeyPrompt />
        </main>
      </div>
    );
  }
  return (
    <div className="layout">
      <OverviewHeader connection={connection} />
      <ProvidersPanel />
      <ViewTabs view={view} />
      {view.name === 'notifications' && <NotificationsView />}
      {view.name === 'campaigns' && <CampaignsView />}
      {/* Keyed: another campaign is another page, with no state carried over. */}
      {view.name === 'campaign' && <CampaignPage key={view.id} id={view.id} />}
    </div>
  );
}
