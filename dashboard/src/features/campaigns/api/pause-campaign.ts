import { useMutation, useQueryClient } from '@tanstack/react-query';
import { campaignViewSchema, type CampaignView } from '@notify/shared';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** Pauses sending: the processors hand the campaign's jobs back unsent until it is resumed. */
export const pauseCampaign = (id: string): Promise<CampaignView> =>
  apiRequest(`/api/v1/campaigns/${encodeURIComponent(id)}/pause`, campaignViewSchema, {
    method: 'POST',
  });

/** The answer is the campaign afterwards: its page shows it at once, the list is refetched. */
export function usePauseCampaign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: pauseCampaign,
    onSuccess: (campaign) => {
      queryClient.setQueryData(queryKeys.campaignDetail(campaign.id), campaign);
      return queryClient.invalidateQueries({ queryKey: queryKeys.campaignList });
    },
  });
}
