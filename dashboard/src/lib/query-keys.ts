import type { NotificationFilters } from '../features/notifications/filters/notification-filters';

/** Every cache key in one place: live updates and invalidations must match them exactly. */
export const queryKeys = {
  notifications: ['notifications'] as const,
  notificationLists: ['notifications', 'list'] as const,
  notificationList: (filters: NotificationFilters) => ['notifications', 'list', filters] as const,
  notificationDetail: (id: string) => ['notifications', 'detail', id] as const,
  overview: ['overview'] as const,
  providers: ['providers'] as const,
  caller: ['caller'] as const,
  campaigns: ['campaigns'] as const,
  campaignList: ['campaigns', 'list'] as const,
  campaignDetail: (id: string) => ['campaigns', 'detail', id] as const,
  campaignInvalidRows: (id: string) => ['campaigns', 'invalid', id] as const,
};
