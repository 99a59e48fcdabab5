import type { CampaignStatus, NotificationStatus } from '@notify/shared';

interface Props {
  status: NotificationStatus | CampaignStatus;
  'data-testid'?: string;
}

/** Notifications' and campaigns' statuses share no name, so one `badge-<status>` class fits both. */
export function StatusBadge({ status, 'data-testid': testId }: Props) {
  return (
    <span className={`badge badge-${status}`} data-testid={testId}>
      {status}
    </span>
  );
}
