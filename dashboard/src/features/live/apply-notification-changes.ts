import type { InfiniteData } from '@tanstack/react-query';
import type { NotificationPage, NotificationSummary } from '@notify/shared';
import {
  matchesFilters,
  type NotificationFilters,
} from '../notifications/filters/notification-filters';

type Pages = InfiniteData<NotificationPage, string | null>;

/** A page may grow with live rows up to this; past it, it is trimmed (see below). */
export const LIVE_PAGE_MAX = 200;

type SortKey = (row: NotificationSummary) => string;

/**
 * Where a row sorts, in falling order: by creation, its id (UUIDv7); by update, its change
 * time in ms then its id, the very form of the api's cursor for that order (13 digits until
 * the year 2286, so string order is time order).
 */
export const sortKeyFor =
  (filters: NotificationFilters): SortKey =>
  (row) =>
    filters.sort === 'updated' ? `${Date.parse(row.updated_at)}:${row.id}` : row.id;

/** Two lists sorted by key, falling, as one (a merge: the pages are already in order). */
function merge(rows: NotificationSummary[], arrivals: NotificationSummary[], key: SortKey) {
  const merged: NotificationSummary[] = [];
  let i = 0;
  let j = 0;
  while (i < rows.length || j < arrivals.length) {
    const row = rows[i];
    const arrival = arrivals[j];
    if (arrival && (!row || key(arrival) > key(row))) {
      merged.push(arrival);
      j += 1;
    } else if (row) {
      merged.push(row);
      i += 1;
    }
  }
  return merged;
}

/**
 * Folds pushed rows into one cached list (pure, so it is tested without a browser):
 * - a row already shown is replaced in place, or removed when it no longer matches;
 * - a row not shown that matches goes into its sorted place, in the page whose id range holds
 *   it, however old it is: a retried notification turns `sent` long after newer ones, and a
 *   `sent` view must show it. The list is newest first by id (UUIDv7, so by creation time);
 *   page i holds the ids from its own `next_cursor` up to the one before it. A row older than
 *   the last loaded page's cursor belongs to a page not fetched yet: "Load more" brings it.
 * Later pages are fetched by cursor (an id), so inserting into one never shifts the others.
 * Sorted by update, the same holds with the key `<ms>:<id>`: a shown row whose change moves
 * it leaves its place and goes in again where it now sorts (the top, for a fresh change).
 * When a page grows past the cap it is cut there and the pages after it are dropped: "Load
 * more" then continues from the new last row, so nothing is skipped or shown twice.
 */
export function applyNotificationChanges(
  data: Pages,
  items: NotificationSummary[],
  filters: NotificationFilters,
): Pages {
  const key = sortKeyFor(filters);
  const changes = new Map(items.map((item) => [item.id, item]));
  const shown = new Set<string>();
  let pages = data.pages.map((page) => {
    const rows = page.items.flatMap((row) => {
      const change = changes.get(row.id);
      if (!change) return [row];
      if (key(change) !== key(row)) return [];
      shown.add(row.id);
      return matchesFilters(change, filters) ? [change] : [];
    });
    return rows.length === page.items.length && rows.every((r, i) => r === page.items[i])
      ? page
      : { ...page, items: rows };
  });

  const arrivals = [...changes.values()]
    .filter((row) => !shown.has(row.id) && matchesFilters(row, filters))
    .sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
  let next = 0;
  pages = pages.map((page) => {
    const start = next;
    const cursor = page.next_cursor;
    const holds = (row: NotificationSummary | undefined) =>
      row !== undefined && (cursor === null || key(row) >= cursor);
    while (holds(arrivals[next])) next += 1;
    return next === start
      ? page
      : { ...page, items: merge(page.items, arrivals.slice(start, next), key) };
  });

  const full = pages.findIndex((page) => page.items.length > LIVE_PAGE_MAX);
  const overflowing = pages[full];
  if (overflowing) {
    const kept = overflowing.items.slice(0, LIVE_PAGE_MAX);
    const last = kept.at(-1);
    pages = [...pages.slice(0, full), { items: kept, next_cursor: last ? key(last) : null }];
  }
  const trimmed = pages.length < data.pages.length;
  return {
    pages,
    pageParams: trimmed ? data.pageParams.slice(0, pages.length) : data.pageParams,
  };
}
