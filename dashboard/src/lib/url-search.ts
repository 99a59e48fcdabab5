import { useSyncExternalStore } from 'react';

/** history.pushState fires no event of its own; this one tells every reader of the URL. */
const NAVIGATED = 'notify:navigated';

const subscribe = (onChange: () => void) => {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
};

/**
 * The URL's query string, the dashboard's only navigation state: a view can be shared as a
 * link, survives a reload, and back/forward work without a router dependency.
 */
export const useUrlSearch = (): string =>
  useSyncExternalStore(subscribe, () => window.location.search);

/** The href for a query string (without its "?") on the page the dashboard is served at. */
export const hrefFor = (query: string): string =>
  `${window.location.pathname}${query ? `?${query}` : ''}`;

/**
 * Moves to another query string: `push` for navigation (back returns here), `replace` for
 * refinements such as filters, which would otherwise fill the history with every keystroke.
 */
export function navigate(query: string, mode: 'push' | 'replace' = 'push'): void {
  const href = hrefFor(query);
  if (href === `${window.location.pathname}${window.location.search}`) return;
  if (mode === 'push') window.history.pushState(null, '', href);
  else window.history.replaceState(null, '', href);
  window.dispatchEvent(new Event(NAVIGATED));
}
