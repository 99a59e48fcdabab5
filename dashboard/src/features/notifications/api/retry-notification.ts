import { useMutation, useQueryClient } from '@tanstack/react-query';
import { acceptedNotificationSchema, type AcceptedNotification } from '@notify/shared';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const retryNotification = (id: string): Promise<AcceptedNotification> =>
  apiRequest(`/api/v1/notifications/${encodeURIComponent(id)}/retry`, acceptedNotificationSchema, {
    method: 'POST',
  });

/** The row's new status arrives over the socket; the detail view is refetched for replays. */
export function useRetryNotification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retryNotification,
    onSuccess: (_result, id) =>
      queryClient.invalidateQueries({ queryKey: queryKeys.notificationDetail(id) }),
  });
}
