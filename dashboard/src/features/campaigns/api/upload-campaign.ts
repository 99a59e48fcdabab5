import { useMutation, useQueryClient } from '@tanstack/react-query';
import { campaignViewSchema, type CampaignView } from '@notify/shared';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export interface CampaignUpload {
  file: File;
  name?: string;
  subject?: string;
  body?: string;
}

/**
 * The api reads the text fields only if they come before the file (it imports the file as
 * it streams in), so they are appended first. Blank ones are left out: the api's defaults
 * apply. No content-type header: the browser writes multipart's, boundary included.
 */
export function uploadCampaign({ file, ...fields }: CampaignUpload): Promise<CampaignView> {
  const form = new FormData();
  for (const name of ['name', 'subject', 'body'] as const) {
    const value = fields[name];
    if (value?.trim()) form.append(name, value);
  }
  form.append('file', file, file.name);
  return apiRequest('/api/v1/campaigns', campaignViewSchema, { method: 'POST', body: form });
}

export function useUploadCampaign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadCampaign,
    onSuccess: (campaign) => {
      // The answer is the campaign as imported: its page can show it without a request.
      queryClient.setQueryData(queryKeys.campaignDetail(campaign.id), campaign);
      return queryClient.invalidateQueries({ queryKey: queryKeys.campaignList });
    },
  });
}
