import { useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  notificationsPushSchema,
  overviewPushSchema,
  SOCKET_EVENTS,
  type CampaignList,
  type NotificationPage,
  type Overview,
} from '@notify/shared';
import { queryKeys } from '../../lib/query-keys';
import type { NotificationFilters } from '../notifications/filters/notification-filters';
import { withThroughputHistory } from '../overview/throughput/throughput-history';
import { applyNotificationChanges } from './apply-notification-changes';
import type { LiveSocket } from './live-socket';
import { throttledInvalidation } from './throttled-invalidation';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

/**
 * A campaign sends at the provider's pace, and every send is pushed; its counts are the
 * api's aggregate, so they are refetched rather than computed here, at most this often.
 */
export const CAMPAIGN_REFRESH_MS = 1000;

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
    const campaigns = throttledInvalidation(queryClient, CAMPAIGN_REFRESH_MS);
    const resync = () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.notifications });
      void queryClient.invalidateQueries({ queryKey: queryKeys.overview });
      void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns });
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
      refreshCampaigns(items.map((item) => item.campaign_id));
    };
    // Every notification names a campaign id, most of them not an uploaded campaign's, so
    // only campaigns already cached are asked for. The list is refetched only when a pushed
    // id is one of its rows: otherwise ordinary traffic would refetch it every interval.
    // (A new campaign reaches the list through its upload's invalidation, or on display.)
    const refreshCampaigns = (ids: string[]) => {
      const pushed = new Set(ids);
      const listed = queryClient.getQueryData<CampaignList>(queryKeys.campaignList)?.items ?? [];
      if (listed.some((campaign) => pushed.has(campaign.id))) {
        campaigns.request(queryKeys.campaignList);
      }
      for (const id of pushed) {
        const key = queryKeys.campaignDetail(id);
        if (queryClient.getQueryState(key)) campaigns.request(key);
      }
    };
    const onOverview = (payload: unknown) => {
      const overview = overviewPushSchema.parse(payload);
      // The chart's per-minute history is what the pushes add up to, kept in this entry.
      queryClient.setQueryData<Overview>(queryKeys.overview, (cached) =>
        withThroughputHistory(cached, overview),
      );
    };

    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on(SOCKET_EVENTS.notifications, onNotifications);
    socket.on(SOCKET_EVENTS.overview, onOverview);
    socket.on(SOCKET_EVENTS.resync, resync);
    return () => {
      campaigns.stop();
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off(SOCKET_EVENTS.notifications, onNotifications);
      socket.off(SOCKET_EVENTS.overview, onOverview);
      socket.off(SOCKET_EVENTS.resync, resync);
    };
  }, [socket, queryClient]);

  return state;
}
