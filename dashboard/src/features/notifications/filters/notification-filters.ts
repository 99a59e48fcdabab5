import {
  channelSchema,
  listNotificationsQuerySchema,
  notificationStatusSchema,
  type NotificationSummary,
} from '@notify/shared';

export interface NotificationFilters {
  type?: NotificationSummary['type'];
  status?: NotificationSummary['status'];
  campaign_id?: string;
  recipient?: string;
}

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
  return filters;
}

/** The query string for filters (also what the list request sends), keys in a fixed order. */
export function searchFromFilters(filters: NotificationFilters): string {
  const params = new URLSearchParams();
  for (const key of ['type', 'status', 'campaign_id', 'recipient'] as const) {
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
  return true;
}
