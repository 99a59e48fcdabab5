import { queryOptions, useQuery } from '@tanstack/react-query';
import { campaignListSchema, type CampaignList } from '@notify/shared';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** The api's 50 newest campaigns, newest first. */
export const getCampaigns = (): Promise<CampaignList> =>
  apiRequest('/api/v1/campaigns', campaignListSchema);

export const campaignsQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.campaignList, queryFn: getCampaigns });

export const useCampaigns = () => useQuery(campaignsQueryOptions());
