import { queryOptions, useQuery } from '@tanstack/react-query';
import { overviewSchema, type Overview } from '@notify/shared';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const getOverview = (): Promise<Overview> => apiRequest('/api/v1/overview', overviewSchema);

export const overviewQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.overview,
    queryFn: getOverview,
    // Pushed every second over the socket; poll only as a fallback when the socket is down.
    staleTime: Infinity,
  });

export const useOverview = () => useQuery(overviewQueryOptions());
