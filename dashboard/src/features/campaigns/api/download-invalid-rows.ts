import { useMutation } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { saveFile } from '../../../lib/save-file';

/** All of a campaign's invalid rows as the api's CSV (streamed by it, however many). */
export const downloadInvalidRows = async (id: string): Promise<Blob> =>
  (
    await apiFetch(`/api/v1/campaigns/${encodeURIComponent(id)}/invalid?format=csv`, {
      headers: { accept: 'text/csv' },
    })
  ).blob();

export function useDownloadInvalidRows() {
  return useMutation({
    mutationFn: downloadInvalidRows,
    onSuccess: (csv, id) => saveFile(csv, `campaign-${id}-invalid.csv`),
  });
}
