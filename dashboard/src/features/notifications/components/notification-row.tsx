import { memo } from 'react';
import type { NotificationSummary } from '@notify/shared';
import { StatusBadge } from '../../../components/status-badge';
import { fullTime, Timestamp } from '../../../components/timestamp';
import { NavLink } from '../../navigation/nav-link';
import { searchFromFilters, type NotificationFilters } from '../filters/notification-filters';
import { RetryButton } from './retry-button';

interface Props {
  row: NotificationSummary;
  filters: NotificationFilters;
  onSelect(id: string): void;
}

/**
 * One row, memoized: a push replaces only the rows it changed (the fold keeps the others'
 * objects), so under a stream of changes only those re-render, not all 200. Each cell names
 * its column (`data-label`): on a phone the rows are cards and the header row is hidden.
 */
export const NotificationRow = memo(function NotificationRow({ row, filters, onSelect }: Props) {
  return (
    <tr
      data-id={row.id}
      data-status={row.status}
      tabIndex={0}
      onClick={() => onSelect(row.id)}
      onKeyDown={(event) => {
        // Enter on the row itself: a link or button inside it does its own thing.
        if (event.key === 'Enter' && event.target === event.currentTarget) onSelect(row.id);
      }}
    >
      <td className="cell-type" data-label="Type">
        {row.type}
      </td>
      <td className="cell-recipient mono" data-label="Recipient">
        {row.recipient}
      </td>
      <td className="cell-campaign mono" data-label="Campaign" title={row.campaign_id}>
        <NavLink
          to={searchFromFilters({ ...filters, campaign_id: row.campaign_id })}
          aria-label={`Show campaign ${row.campaign_id}`}
          onClick={(event) => event.stopPropagation()}
        >
          {row.campaign_id.slice(0, 8)}
        </NavLink>
      </td>
      <td className="cell-status" data-label="Status">
        <StatusBadge status={row.status} />
      </td>
      <td className="cell-attempts" data-label="Attempts">
        {row.attempt_count}
      </td>
      <td className="cell-error error" data-label="Last error" title={row.last_error ?? undefined}>
        {row.last_error}
      </td>
      {filters.sort === 'updated' ? (
        <td className="cell-updated" data-label="Updated">
          <Timestamp iso={row.updated_at} note={`created ${fullTime(row.created_at)}`} />
        </td>
      ) : (
        <td className="cell-updated" data-label="Created">
          <Timestamp iso={row.created_at} note={`updated ${fullTime(row.updated_at)}`} />
        </td>
      )}
      <td className="cell-actions">{row.status === 'failed' && <RetryButton id={row.id} />}</td>
    </tr>
  );
});
