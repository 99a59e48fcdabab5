import { queryOptions, useQuery } from '@tanstack/react-query';
import { notificationViewSchema, type NotificationView } from '@notify/shared';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const getNotification = (id: string): Promise<NotificationView> =>
  apiRequest(`/api/v1/notifications/${encodeURIComponent(id)}`, notificationViewSchema);

export const notificationQueryOptions = (id: string) =>
  queryOptions({ queryKey: queryKeys.notificationDetail(id), queryFn: () => getNotification(id) });

export const useNotification = (id: string) => useQuery(notificationQueryOptions(id));
