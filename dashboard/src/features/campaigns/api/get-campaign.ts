import { queryOptions, useQuery } from '@tanstack/react-query';
import { campaignViewSchema, type CampaignView } from '@notify/shared';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** While importing, the counts grow with no socket event to say so; see refetchInterval. */
const IMPORTING_POLL_MS = 1000;

export const getCampaign = (id: string): Promise<CampaignView> =>
  apiRequest(`/api/v1/campaigns/${encodeURIComponent(id)}`, campaignViewSchema);

export const campaignQueryOptions = (id: string) =>
  queryOptions({
    queryKey: queryKeys.campaignDetail(id),
    queryFn: () => getCampaign(id),
    // Sending progress is refetched when the socket pushes the campaign's notifications
    // (features/live). The import has no such event, so only then is the page polled,
    // once a second, until the import ends.
    refetchInterval: (query) =>
      query.state.data?.status === 'importing' ? IMPORTING_POLL_MS : false,
  });

export const useCampaign = (id: string) => useQuery(campaignQueryOptions(id));
