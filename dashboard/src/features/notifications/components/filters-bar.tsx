import { useEffect, useState } from 'react';
import { CHANNELS, NOTIFICATION_STATUSES } from '@notify/shared';
import type { NotificationFilters } from '../filters/notification-filters';

/** Typing in a search box should not fire a request per keystroke. */
const SEARCH_DEBOUNCE_MS = 300;

interface Props {
  filters: NotificationFilters;
  onChange(filters: NotificationFilters): void;
}

export function FiltersBar({ filters, onChange }: Props) {
  const [recipient, setRecipient] = useState(filters.recipient ?? '');
  const [campaign, setCampaign] = useState(filters.campaign_id ?? '');
  // Back/forward (or a link) can change the URL under the boxes; they follow it then, but
  // not after their own debounced write, which would trim what is still being typed.
  const [seen, setSeen] = useState(filters);
  if (seen.recipient !== filters.recipient || seen.campaign_id !== filters.campaign_id) {
    setSeen(filters);
    if ((filters.recipient ?? '') !== recipient.trim()) setRecipient(filters.recipient ?? '');
    if ((filters.campaign_id ?? '') !== campaign.trim()) setCampaign(filters.campaign_id ?? '');
  }

  useEffect(() => {
    const timer = setTimeout(() => {
      const next = {
        ...filters,
        recipient: recipient.trim() || undefined,
        campaign_id: campaign.trim() || undefined,
      };
      if (next.recipient !== filters.recipient || next.campaign_id !== filters.campaign_id)
        onChange(next);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [recipient, campaign, filters, onChange]);

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
          onChange={(e) => setCampaign(e.target.value)}
        />
      </label>
    </form>
  );
}
