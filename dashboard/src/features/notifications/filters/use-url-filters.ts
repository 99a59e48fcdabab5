import { useCallback, useEffect, useState } from 'react';
import {
  filtersFromSearch,
  searchFromFilters,
  type NotificationFilters,
} from './notification-filters';

/**
 * The URL is the source of truth for filters (and the open notification), so any view
 * can be shared as a link and survives a reload. replaceState: filtering is not navigation.
 */
export function useUrlFilters() {
  const [search, setSearch] = useState(() => window.location.search);
  useEffect(() => {
    const onPop = () => setSearch(window.location.search);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const write = useCallback((params: URLSearchParams) => {
    const query = params.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}`);
    setSearch(window.location.search);
  }, []);

  const params = new URLSearchParams(search);
  return {
    filters: filtersFromSearch(search),
    selectedId: params.get('id'),
    setFilters: useCallback(
      (filters: NotificationFilters) => {
        const next = new URLSearchParams(searchFromFilters(filters));
        const id = new URLSearchParams(window.location.search).get('id');
        if (id) next.set('id', id);
        write(next);
      },
      [write],
    ),
    select: useCallback(
      (id: string | null) => {
        const next = new URLSearchParams(window.location.search);
        if (id) next.set('id', id);
        else next.delete('id');
        write(next);
      },
      [write],
    ),
  };
}
