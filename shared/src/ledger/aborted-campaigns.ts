import type { CampaignModel, CampaignRecord } from '../store/campaign-model';

/**
 * The reason a notification's campaign was aborted or cancelled, or null if it was neither
 * (or is none).
 */
export type AbortedReason = (campaignId: string) => Promise<string | null>;

/**
 * Reads each campaign once (by `_id`, the lookup every backend serves from its primary key),
 * so a bulk replay of 10,000 rows of one campaign costs one read, not 10,000. Every
 * notification carries a campaign id; only one naming a stored campaign is a campaign's.
 */
export function abortedCampaigns(campaigns: CampaignModel): AbortedReason {
  const known = new Map<string, Promise<string | null>>();
  return (campaignId) => {
    const cached = known.get(campaignId);
    if (cached) return cached;
    const lookup = campaigns
      .findById(campaignId, { state: 1, abortReason: 1 })
      .lean<Pick<CampaignRecord, 'state' | 'abortReason'>>()
      .then((campaign) => {
        if (campaign?.state === 'aborted') return campaign.abortReason ?? 'no reason recorded';
        // A cancelled campaign's failed rows stay failed too: a replay would send what the
        // operator stopped (its job would only be cancelled by the campaign gate anyway).
        return campaign?.state === 'cancelled' ? 'cancelled by an operator' : null;
      });
    known.set(campaignId, lookup);
    // A failed read is not remembered: the next row asks again.
    lookup.catch(() => known.delete(campaignId));
    return lookup;
  };
}
