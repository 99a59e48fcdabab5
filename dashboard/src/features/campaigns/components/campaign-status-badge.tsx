import type { CampaignStatus } from '@notify/shared';

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  return (
    <span className={`badge badge-campaign-${status}`} data-testid="campaign-status">
      {status}
    </span>
  );
}
