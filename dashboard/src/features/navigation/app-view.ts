import { useUrlSearch } from '../../lib/url-search';
import { searchFromFilters } from '../notifications/filters/notification-filters';

export type AppView =
  { name: 'notifications' } | { name: 'campaigns' } | { name: 'campaign'; id: string };

/**
 * Which page the query string shows. Notifications keep the plain URL (and its filters), so
 * links shared before campaigns existed still open the same view.
 */
export function viewFromSearch(search: string): AppView {
  const params = new URLSearchParams(search);
  const campaign = params.get('campaign')?.trim();
  if (campaign) return { name: 'campaign', id: campaign };
  if (params.get('view') === 'campaigns') return { name: 'campaigns' };
  return { name: 'notifications' };
}

/** Query strings (without "?") for each page, for links and navigate(). */
export const viewQuery = {
  notifications: () => '',
  campaigns: () => 'view=campaigns',
  campaign: (id: string) => new URLSearchParams({ campaign: id }).toString(),
  campaignNotifications: (id: string) => searchFromFilters({ campaign_id: id }),
};

export const useAppView = (): AppView => viewFromSearch(useUrlSearch());
