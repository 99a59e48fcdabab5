import type { NotificationStatus } from '@notify/shared';

export function StatusBadge({ status }: { status: NotificationStatus }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}
