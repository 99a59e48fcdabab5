import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { invalidRowPageSchema, type InvalidRowPage } from '@notify/shared';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const INVALID_ROWS_PAGE_SIZE = 100;

export function getInvalidRows(id: string, afterLine: number): Promise<InvalidRowPage> {
  const params = new URLSearchParams({
    after_line: String(afterLine),
    limit: String(INVALID_ROWS_PAGE_SIZE),
  });
  return apiRequest(
    `/api/v1/campaigns/${encodeURIComponent(id)}/invalid?${params}`,
    invalidRowPageSchema,
  );
}

/** Paged by line number; `enabled` waits for the import, which is what writes them. */
export const invalidRowsQueryOptions = (id: string, enabled = true) =>
  infiniteQueryOptions({
    queryKey: queryKeys.campaignInvalidRows(id),
    queryFn: ({ pageParam }) => getInvalidRows(id, pageParam),
    initialPageParam: 0,
    getNextPageParam: (page) => page.next_after_line,
    enabled,
    // Once imported, a campaign's invalid rows never change.
    staleTime: Infinity,
  });

export const useInvalidRows = (id: string, enabled = true) =>
  useInfiniteQuery(invalidRowsQueryOptions(id, enabled));
