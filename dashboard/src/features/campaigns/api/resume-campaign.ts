import { useMutation, useQueryClient } from '@tanstack/react-query';
import { campaignViewSchema, type CampaignView } from '@notify/shared';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** Resumes a paused campaign: its jobs go out again at the provider's pace. */
export const resumeCampaign = (id: string): Promise<CampaignView> =>
  apiRequest(`/api/v1/campaigns/${encodeURIComponent(id)}/resume`, campaignViewSchema, {
    method: 'POST',
  });

/** The answer is the campaign afterwards: its page shows it at once, the list is refetched. */
export function useResumeCampaign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resumeCampaign,
    onSuccess: (campaign) => {
      queryClient.setQueryData(queryKeys.campaignDetail(campaign.id), campaign);
      return queryClient.invalidateQueries({ queryKey: queryKeys.campaignList });
    },
  });
}
