import {
  channelSchema,
  listNotificationsQuerySchema,
  notificationStatusSchema,
  type NotificationSummary,
} from '@notify/shared';

/** The time-range presets: created within this long before now. */
export const TIME_RANGES = { '15m': 15 * 60_000, '1h': 3_600_000, '24h': 86_400_000 } as const;
export type TimeRange = keyof typeof TIME_RANGES;
const isTimeRange = (value: string | null): value is TimeRange =>
  value !== null && Object.hasOwn(TIME_RANGES, value);

export interface NotificationFilters {
  type?: NotificationSummary['type'];
  status?: NotificationSummary['status'];
  campaign_id?: string;
  recipient?: string;
  /** A preset: created in the last 15 min, 1 h or 24 h (the window moves with the clock). */
  range?: TimeRange;
  /** A custom range (ISO), used when no preset is: created at or after, created before. */
  created_after?: string;
  created_before?: string;
  /** Absent: newest created first. `updated`: most recently changed first. */
  sort?: 'updated';
}

const isInstant = (value: string | undefined): value is string =>
  value !== undefined && listNotificationsQuerySchema.shape.created_after.safeParse(value).success;

/** The api filters by a whole campaign id (a UUID), the same rule as its list query's. */
export const isCampaignId = (value: string): boolean =>
  listNotificationsQuerySchema.shape.campaign_id.safeParse(value).success;

/** Reads filters from a query string, dropping values the api would reject. */
export function filtersFromSearch(search: string): NotificationFilters {
  const params = new URLSearchParams(search);
  const filters: NotificationFilters = {};
  const type = channelSchema.safeParse(params.get('type'));
  if (type.success) filters.type = type.data;
  const status = notificationStatusSchema.safeParse(params.get('status'));
  if (status.success) filters.status = status.data;
  const campaign = params.get('campaign_id')?.trim();
  if (campaign && isCampaignId(campaign)) filters.campaign_id = campaign;
  const recipient = params.get('recipient')?.trim();
  if (recipient) filters.recipient = recipient;
  const range = params.get('range');
  if (isTimeRange(range)) filters.range = range;
  else {
    const after = params.get('created_after') ?? undefined;
    const before = params.get('created_before') ?? undefined;
    if (isInstant(after)) filters.created_after = after;
    if (isInstant(before)) filters.created_before = before;
  }
  if (params.get('sort') === 'updated') filters.sort = 'updated';
  return filters;
}

/** The creation range in force at `now` (a preset's start moves with the clock). */
export function createdRange(filters: NotificationFilters, now = Date.now()) {
  if (filters.range) {
    return { after: new Date(now - TIME_RANGES[filters.range]).toISOString(), before: undefined };
  }
  return { after: filters.created_after, before: filters.created_before };
}

/** The list request's query: the URL's, with a preset turned into the api's bounds. */
export function requestFromFilters(filters: NotificationFilters, now = Date.now()) {
  const params = new URLSearchParams(searchFromFilters({ ...filters, range: undefined }));
  const range = createdRange(filters, now);
  if (range.after) params.set('created_after', range.after);
  if (range.before) params.set('created_before', range.before);
  return params;
}

const KEYS = [
  'type',
  'status',
  'campaign_id',
  'recipient',
  'range',
  'created_after',
  'created_before',
  'sort',
] as const;

/** The query string for filters, keys in a fixed order. */
export function searchFromFilters(filters: NotificationFilters): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params.toString();
}

/** The same rule the api applies, so live rows join and leave a filtered view correctly. */
export function matchesFilters(row: NotificationSummary, filters: NotificationFilters): boolean {
  if (filters.type && row.type !== filters.type) return false;
  if (filters.status && row.status !== filters.status) return false;
  if (filters.campaign_id && row.campaign_id !== filters.campaign_id) return false;
  if (filters.recipient && !row.recipient.toLowerCase().includes(filters.recipient.toLowerCase())) {
    return false;
  }
  const range = createdRange(filters);
  if (range.after && Date.parse(row.created_at) < Date.parse(range.after)) return false;
  if (range.before && Date.parse(row.created_at) >= Date.parse(range.before)) return false;
  return true;
}
