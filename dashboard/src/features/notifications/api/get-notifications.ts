import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { notificationPageSchema, type NotificationPage } from '@notify/shared';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { requestFromFilters, type NotificationFilters } from '../filters/notification-filters';

export const PAGE_SIZE = 50;

export function getNotifications(
  filters: NotificationFilters,
  cursor: string | null,
): Promise<NotificationPage> {
  const params = requestFromFilters(filters);
  params.set('limit', String(PAGE_SIZE));
  if (cursor) params.set('cursor', cursor);
  return apiRequest(`/api/v1/notifications?${params}`, notificationPageSchema);
}

export const notificationsQueryOptions = (filters: NotificationFilters) =>
  infiniteQueryOptions({
    queryKey: queryKeys.notificationList(filters),
    queryFn: ({ pageParam }) => getNotifications(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    // Live pushes keep the list fresh; refetching on focus would only repeat the work.
    staleTime: Infinity,
  });

export const useNotifications = (filters: NotificationFilters) =>
  useInfiniteQuery(notificationsQueryOptions(filters));
