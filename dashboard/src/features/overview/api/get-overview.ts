import { queryOptions, useQuery } from '@tanstack/react-query';
import { overviewSchema, type Overview } from '@notify/shared';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { withThroughputHistory } from '../throughput/throughput-history';

export const getOverview = (): Promise<Overview> => apiRequest('/api/v1/overview', overviewSchema);

export const overviewQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.overview,
    queryFn: getOverview,
    // Pushed every second over the socket; poll only as a fallback when the socket is down.
    staleTime: Infinity,
    // A fallback fetch carries the api's last minutes only: keep the history received before.
    structuralSharing: (cached, next) =>
      withThroughputHistory(cached as Overview | undefined, next as Overview),
  });

export const useOverview = () => useQuery(overviewQueryOptions());
