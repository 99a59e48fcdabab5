import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { CHANNELS, NOTIFICATION_STATUSES } from '@notify/shared';
import { listedCampaignIds, readCampaignIdInput } from '../filters/campaign-id-input';
import type { NotificationFilters } from '../filters/notification-filters';
import { TimeRangeFilter } from './time-range-filter';

/** Typing in a search box should not fire a request per keystroke. */
const SEARCH_DEBOUNCE_MS = 300;

interface Props {
  filters: NotificationFilters;
  onChange(filters: NotificationFilters): void;
}

export function FiltersBar({ filters, onChange }: Props) {
  const queryClient = useQueryClient();
  const problemId = useId();
  const [campaignProblem, setCampaignProblem] = useState<string | null>(null);
  const [recipient, setRecipient] = useState(filters.recipient ?? '');
  const [campaign, setCampaign] = useState(filters.campaign_id ?? '');
  // Back/forward (or a link) can change the URL under the boxes; they follow it then, but
  // not after their own debounced write, which would trim what is still being typed.
  const [seen, setSeen] = useState(filters);
  if (seen.recipient !== filters.recipient || seen.campaign_id !== filters.campaign_id) {
    setSeen(filters);
    setCampaignProblem(null);
    if ((filters.recipient ?? '') !== recipient.trim()) setRecipient(filters.recipient ?? '');
    if ((filters.campaign_id ?? '') !== campaign.trim()) setCampaign(filters.campaign_id ?? '');
  }

  useEffect(() => {
    const timer = setTimeout(() => {
      const read = readCampaignIdInput(campaign, listedCampaignIds(queryClient));
      // A box the api would refuse keeps the filter it had, and says what it needs.
      setCampaignProblem('problem' in read ? read.problem : null);
      const next = {
        ...filters,
        recipient: recipient.trim() || undefined,
        campaign_id: 'id' in read ? read.id : filters.campaign_id,
      };
      if (next.recipient !== filters.recipient || next.campaign_id !== filters.campaign_id)
        onChange(next);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [recipient, campaign, filters, onChange, queryClient]);

  return (
    <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
      <label>
        Type
        <select
          aria-label="Type"
          value={filters.type ?? ''}
          onChange={(e) =>
            onChange({
              ...filters,
              type: (e.target.value || undefined) as NotificationFilters['type'],
            })
          }
        >
          <option value="">all</option>
          {CHANNELS.map((channel) => (
            <option key={channel} value={channel}>
              {channel}
            </option>
          ))}
        </select>
      </label>
      <label>
        Status
        <select
          aria-label="Status"
          value={filters.status ?? ''}
          onChange={(e) =>
            onChange({
              ...filters,
              status: (e.target.value || undefined) as NotificationFilters['status'],
            })
          }
        >
          <option value="">all</option>
          {NOTIFICATION_STATUSES.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </label>
      <label>
        Recipient
        <input
          aria-label="Recipient"
          type="search"
          value={recipient}
          onChange={(e) => setRecipient(e.target.value)}
        />
      </label>
      <label>
        Campaign
        <input
          aria-label="Campaign"
          type="search"
          placeholder="campaign id"
          value={campaign}
          aria-invalid={campaignProblem !== null}
          aria-describedby={campaignProblem ? problemId : undefined}
          onChange={(e) => setCampaign(e.target.value)}
        />
      </label>
      <TimeRangeFilter filters={filters} onChange={onChange} />
      {campaignProblem && (
        <p id={problemId} className="field-error filter-problem" role="alert">
          {campaignProblem}
        </p>
      )}
    </form>
  );
}
