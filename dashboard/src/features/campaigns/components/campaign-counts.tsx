import type { CampaignView } from '@notify/shared';

/**
 * In the order the rows go through: read, checked, de-duplicated, queued, delivered (or not).
 * "Not yet queued" are recipients the campaign cursor has not fed to the queue yet.
 */
const COUNTS = [
  ['rows_read', 'Rows read'],
  ['valid', 'Valid'],
  ['invalid', 'Invalid'],
  ['duplicates', 'Duplicates'],
  ['queued', 'Queued'],
  ['sent', 'Sent'],
  ['failed', 'Failed'],
  ['cancelled', 'Cancelled'],
  ['in_progress', 'In progress'],
  ['not_dispatched', 'Not yet queued'],
] as const;

export function CampaignCounts({ campaign }: { campaign: CampaignView }) {
  return (
    <dl className="campaign-counts" aria-label="Counts">
      {COUNTS.map(([key, label]) => (
        <div key={key} className={`counter counter-${key}`}>
          <dt className="counter-label">{label}</dt>
          <dd data-testid={`campaign-${key}`}>{campaign[key]}</dd>
        </div>
      ))}
    </dl>
  );
}
