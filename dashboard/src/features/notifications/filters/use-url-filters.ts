import { useCallback, useMemo } from 'react';
import { navigate, useUrlSearch } from '../../../lib/url-search';
import {
  filtersFromSearch,
  searchFromFilters,
  type NotificationFilters,
} from './notification-filters';

/**
 * The URL is the source of truth for filters (and the open notification), so any view
 * can be shared as a link and survives a reload. Replaced, not pushed: filtering is not
 * navigation.
 */
export function useUrlFilters() {
  const search = useUrlSearch();
  const params = new URLSearchParams(search);
  // The same object until the URL changes, so memoized rows are not all redrawn each render.
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  return {
    filters,
    selectedId: params.get('id'),
    setFilters: useCallback((filters: NotificationFilters) => {
      const next = new URLSearchParams(searchFromFilters(filters));
      const id = new URLSearchParams(window.location.search).get('id');
      if (id) next.set('id', id);
      navigate(next.toString(), 'replace');
    }, []),
    select: useCallback((id: string | null) => {
      const next = new URLSearchParams(window.location.search);
      if (id) next.set('id', id);
      else next.delete('id');
      navigate(next.toString(), 'replace');
    }, []),
  };
}
