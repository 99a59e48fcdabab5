import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { providersHealthSchema, type ProvidersHealth } from '@notify/shared';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { useOverview } from '../../overview/api/get-overview';

/**
 * The figures are sums over minutes, so a few seconds old is fresh enough; a breaker that
 * changes state refetches at once (below), whatever the interval.
 */
export const PROVIDERS_REFRESH_MS = 5000;

export const getProviders = (): Promise<ProvidersHealth> =>
  apiRequest('/api/v1/providers', providersHealthSchema);

export const providersQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.providers,
    queryFn: getProviders,
    refetchInterval: PROVIDERS_REFRESH_MS,
  });

/**
 * The panel's data. The overview pushed every second carries the breakers' latest states
 * (from the processors' breaker events): when they change, the panel asks again rather
 * than waiting out its interval.
 */
export function useProviders() {
  const queryClient = useQueryClient();
  const breakers = useOverview().data?.breakers;
  const signature = breakers?.map((b) => `${b.provider}:${b.state}:${b.since}`).join(',');
  const seen = useRef(signature);
  useEffect(() => {
    // The first states to arrive are what the first fetch already reflects.
    if (seen.current !== undefined && signature !== seen.current) {
      void queryClient.invalidateQueries({ queryKey: queryKeys.providers });
    }
    seen.current = signature;
  }, [signature, queryClient]);
  return useQuery(providersQueryOptions());
}
