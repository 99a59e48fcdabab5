import { useCaller } from '../auth/api/get-caller';
import { viewQuery, type AppView } from './app-view';
import { NavLink } from './nav-link';

/**
 * Notifications | Campaigns; a campaign's own page belongs to the Campaigns tab. A read-only
 * key is said so here, once, rather than leaving the missing Retry buttons unexplained.
 */
export function ViewTabs({ view }: { view: AppView }) {
  const onCampaigns = view.name !== 'notifications';
  const caller = useCaller().data;
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
      {caller && !caller.scopes.includes('write') && (
        <span className="key-scope" title={`Key "${caller.name}" may read, not retry or upload`}>
          read-only key
        </span>
      )}
    </nav>
  );
}
