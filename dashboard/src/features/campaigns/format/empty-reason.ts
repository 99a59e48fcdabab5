import type { CampaignView } from '@notify/shared';

type Counts = Pick<CampaignView, 'status' | 'rows_read' | 'valid' | 'invalid'>;

/**
 * Why a campaign queued nothing, from the import's own counts, so "0 of 0" never stands
 * alone. (Duplicates alone cannot empty one: an address's first row is always queued.)
 */
export function emptyReason(campaign: Counts): string {
  if (campaign.status === 'aborted') return 'the upload was aborted before a row was queued';
  if (campaign.rows_read === 0) return 'the file had no data rows';
  if (campaign.valid === 0) {
    return `no valid rows in the upload (${campaign.invalid} invalid)`;
  }
  return 'no new addresses in the upload';
}
