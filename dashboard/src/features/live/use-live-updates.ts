import { useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  notificationsPushSchema,
  overviewPushSchema,
  SOCKET_EVENTS,
  type NotificationPage,
} from '@notify/shared';
import { queryKeys } from '../../lib/query-keys';
import type { NotificationFilters } from '../notifications/filters/notification-filters';
import { applyNotificationChanges } from './apply-notification-changes';
import type { LiveSocket } from './live-socket';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

/**
 * Feeds socket pushes into the TanStack Query cache (the only store of server data) and
 * refetches everything after a reconnect or a server `resync`, so nothing missed stays
 * missing. Returns the connection state for the indicator.
 */
export function useLiveUpdates(socket: LiveSocket): ConnectionState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<ConnectionState>(socket.connected ? 'live' : 'connecting');

  useEffect(() => {
    let hadConnection = socket.connected;
    const resync = () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.notifications });
      void queryClient.invalidateQueries({ queryKey: queryKeys.overview });
    };
    const onConnect = () => {
      setState('live');
      if (hadConnection) resync();
      hadConnection = true;
    };
    const onDisconnect = () => setState('reconnecting');
    const onNotifications = (payload: unknown) => {
      const { items } = notificationsPushSchema.parse(payload);
      for (const query of queryClient
        .getQueryCache()
        .findAll({ queryKey: queryKeys.notificationLists })) {
        const filters = (query.queryKey[2] ?? {}) as NotificationFilters;
        queryClient.setQueryData<InfiniteData<NotificationPage, string | null>>(
          query.queryKey,
          (data) => (data ? applyNotificationChanges(data, items, filters) : data),
        );
      }
      for (const item of items) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.notificationDetail(item.id) });
      }
    };
    const onOverview = (payload: unknown) => {
      queryClient.setQueryData(queryKeys.overview, overviewPushSchema.parse(payload));
    };

    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on(SOCKET_EVENTS.notifications, onNotifications);
    socket.on(SOCKET_EVENTS.overview, onOverview);
    socket.on(SOCKET_EVENTS.resync, resync);
    return () => {
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off(SOCKET_EVENTS.notifications, onNotifications);
      socket.off(SOCKET_EVENTS.overview, onOverview);
      socket.off(SOCKET_EVENTS.resync, resync);
    };
  }, [socket, queryClient]);

  return state;
}
