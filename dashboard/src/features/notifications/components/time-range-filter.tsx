import {
  TIME_RANGES,
  type NotificationFilters,
  type TimeRange,
} from '../filters/notification-filters';

interface Props {
  filters: NotificationFilters;
  onChange(filters: NotificationFilters): void;
}

const PRESET_LABELS: Record<TimeRange, string> = {
  '15m': 'last 15 min',
  '1h': 'last 1 h',
  '24h': 'last 24 h',
};

/** An ISO instant as a datetime-local value (the reader's clock, to the minute). */
const toLocalInput = (iso: string | undefined): string => {
  if (!iso) return '';
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
};

/** A datetime-local value (the reader's clock) as an ISO instant; empty: no bound. */
const fromLocalInput = (value: string): string | undefined => {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
};

/** Keeps what is set of a custom range, or starts one at the hour before now. */
const customFrom = (filters: NotificationFilters): NotificationFilters => ({
  ...filters,
  range: undefined,
  created_after: filters.created_after ?? new Date(Date.now() - 3_600_000).toISOString(),
});

/**
 * "Created": a preset window back from now, or a custom from/to. All of it lives in the URL
 * (`range=1h`, or `created_after`/`created_before`), so a view can be shared and reloaded.
 */
export function TimeRangeFilter({ filters, onChange }: Props) {
  const custom = !filters.range && Boolean(filters.created_after ?? filters.created_before);
  const choice = filters.range ?? (custom ? 'custom' : '');
  const select = (value: string) => {
    const base = {
      ...filters,
      range: undefined,
      created_after: undefined,
      created_before: undefined,
    };
    if (value === 'custom') onChange(customFrom(filters));
    else if (value in TIME_RANGES) onChange({ ...base, range: value as TimeRange });
    else onChange(base);
  };
  return (
    <>
      <label>
        Created
        <select aria-label="Created" value={choice} onChange={(e) => select(e.target.value)}>
          <option value="">any time</option>
          {(Object.keys(TIME_RANGES) as TimeRange[]).map((range) => (
            <option key={range} value={range}>
              {PRESET_LABELS[range]}
            </option>
          ))}
          <option value="custom">custom…</option>
        </select>
      </label>
      {custom && (
        <>
          <label>
            From
            <input
              aria-label="Created from"
              type="datetime-local"
              value={toLocalInput(filters.created_after)}
              onChange={(e) =>
                onChange({ ...filters, created_after: fromLocalInput(e.target.value) })
              }
            />
          </label>
          <label>
            To
            <input
              aria-label="Created before"
              type="datetime-local"
              value={toLocalInput(filters.created_before)}
              onChange={(e) =>
                onChange({ ...filters, created_before: fromLocalInput(e.target.value) })
              }
            />
          </label>
        </>
      )}
    </>
  );
}
