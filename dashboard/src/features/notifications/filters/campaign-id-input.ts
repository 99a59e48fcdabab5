import type { QueryClient } from '@tanstack/react-query';
import type { CampaignList, NotificationPage } from '@notify/shared';
import type { InfiniteData } from '@tanstack/react-query';
import { queryKeys } from '../../../lib/query-keys';
import { isCampaignId } from './notification-filters';

/** The table shows this many characters of a campaign id; the box accepts as many. */
export const SHOWN_CAMPAIGN_ID_LENGTH = 8;

export type CampaignIdInput = { id: string | undefined } | { problem: string };

/**
 * What the Campaign box holds, as a filter: a whole id as is, or the start of one the page
 * has listed (what the table shows) when exactly one listed id starts so. Otherwise a
 * message that says exactly what the filter needs, since the api takes whole ids only.
 */
export function readCampaignIdInput(typed: string, listed: Iterable<string>): CampaignIdInput {
  const value = typed.trim();
  if (!value || isCampaignId(value)) return { id: value || undefined };
  const whole =
    'The filter needs a whole campaign id: 36 characters, like 0f8fad5b-d9cb-469f-a165-70867728950e';
  if (value.length < SHOWN_CAMPAIGN_ID_LENGTH) {
    return {
      problem: `${whole}, or at least the ${SHOWN_CAMPAIGN_ID_LENGTH} characters the table shows.`,
    };
  }
  const prefix = value.toLowerCase();
  const matches = new Set([...listed].filter((id) => id.toLowerCase().startsWith(prefix)));
  const [only] = matches;
  if (matches.size === 1 && only) return { id: only };
  return {
    problem:
      matches.size > 1
        ? `${matches.size} listed campaigns start with “${value}”: type more of the id, or click the one you mean in the table.`
        : `No listed campaign starts with “${value}”. ${whole}; clicking a campaign in the table fills it in.`,
  };
}

/** Every campaign id the page has loaded: in any notification list, and uploaded campaigns. */
export function listedCampaignIds(queryClient: QueryClient): Set<string> {
  const ids = new Set<string>();
  const lists = queryClient.getQueriesData<InfiniteData<NotificationPage>>({
    queryKey: queryKeys.notificationLists,
  });
  for (const [, data] of lists) {
    for (const page of data?.pages ?? []) for (const row of page.items) ids.add(row.campaign_id);
  }
  const campaigns = queryClient.getQueryData<CampaignList>(queryKeys.campaignList);
  for (const campaign of campaigns?.items ?? []) ids.add(campaign.id);
  return ids;
}
