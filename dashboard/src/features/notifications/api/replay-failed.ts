import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  bulkReplayResultSchema,
  type BulkReplayRequest,
  type BulkReplayResult,
} from '@notify/shared';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const replayFailed = (request: BulkReplayRequest): Promise<BulkReplayResult> =>
  apiRequest('/api/v1/notifications/retry', bulkReplayResultSchema, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });

/**
 * Replays every dead letter matching a filter. Each replayed row's new status also arrives
 * over the socket; the lists are refetched too, so a view is right even if pushes were missed.
 */
export function useReplayFailed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: replayFailed,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.notificationLists }),
  });
}
