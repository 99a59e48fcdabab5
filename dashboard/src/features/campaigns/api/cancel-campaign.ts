import { useMutation, useQueryClient } from '@tanstack/react-query';
import { campaignViewSchema, type CampaignView } from '@notify/shared';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** Cancels the campaign: its unsent notifications end `cancelled`, a send in flight completes. */
export const cancelCampaign = (id: string): Promise<CampaignView> =>
  apiRequest(`/api/v1/campaigns/${encodeURIComponent(id)}/cancel`, campaignViewSchema, {
    method: 'POST',
  });

/** The answer is the campaign afterwards: its page shows it at once, the list is refetched. */
export function useCancelCampaign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelCampaign,
    onSuccess: (campaign) => {
      queryClient.setQueryData(queryKeys.campaignDetail(campaign.id), campaign);
      return queryClient.invalidateQueries({ queryKey: queryKeys.campaignList });
    },
  });
}
