import { queryOptions, useQuery } from '@tanstack/react-query';
import { callerSchema, type Caller } from '@notify/shared';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const getCaller = (): Promise<Caller> => apiRequest('/api/v1/me', callerSchema);

export const callerQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.caller,
    queryFn: getCaller,
    // A key's scopes change only with the api's configuration; the page is reloaded for that.
    staleTime: Infinity,
  });

export const useCaller = () => useQuery(callerQueryOptions());
