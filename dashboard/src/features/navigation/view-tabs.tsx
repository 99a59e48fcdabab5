import { viewQuery, type AppView } from './app-view';
import { NavLink } from './nav-link';

/** Notifications | Campaigns; a campaign's own page belongs to the Campaigns tab. */
export function ViewTabs({ view }: { view: AppView }) {
  const onCampaigns = view.name !== 'notifications';
  return (
    <nav className="tabs" aria-label="Views">
      <NavLink
        to={viewQuery.notifications()}
        aria-current={onCampaigns ? undefined : 'page'}
        className="tab"
      >
        Notifications
      </NavLink>
      <NavLink
        to={viewQuery.campaigns()}
        aria-current={onCampaigns ? 'page' : undefined}
        className="tab"
      >
        Campaigns
      </NavLink>
    </nav>
  );
}
