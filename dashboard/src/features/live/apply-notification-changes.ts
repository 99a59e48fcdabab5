import type { InfiniteData } from '@tanstack/react-query';
import type { NotificationPage, NotificationSummary } from '@notify/shared';
import {
  matchesFilters,
  type NotificationFilters,
} from '../notifications/filters/notification-filters';

type Pages = InfiniteData<NotificationPage, string | null>;

/** The first page may grow with live rows up to this; past it, it is trimmed (see below). */
export const LIVE_FIRST_PAGE_MAX = 200;

/**
 * Folds pushed rows into one cached list (pure, so it is tested without a browser):
 * - a row already shown is replaced in place, or removed when it no longer matches;
 * - a row not shown that matches and is newer than the first row goes on top of page one.
 * Ids are UUIDv7, so comparing them as strings compares creation times. Later pages are
 * fetched by cursor (an id), so inserting into page one never shifts them. When page one
 * grows past the cap it is cut there and the pages after it are dropped: "Load more"
 * then continues from the new last row, so nothing is skipped or shown twice.
 */
export function applyNotificationChanges(
  data: Pages,
  items: NotificationSummary[],
  filters: NotificationFilters,
): Pages {
  const changes = new Map(items.map((item) => [item.id, item]));
  const shown = new Set<string>();
  let pages = data.pages.map((page) => {
    const rows = page.items.flatMap((row) => {
      const change = changes.get(row.id);
      if (!change) return [row];
      shown.add(row.id);
      return matchesFilters(change, filters) ? [change] : [];
    });
    return rows.length === page.items.length && rows.every((r, i) => r === page.items[i])
      ? page
      : { ...page, items: rows };
  });

  const first = pages[0];
  if (!first) return data;
  const newest = first.items[0]?.id ?? '';
  const arrivals = [...changes.values()]
    .filter((row) => !shown.has(row.id) && row.id > newest && matchesFilters(row, filters))
    .sort((a, b) => (a.id < b.id ? 1 : -1));
  if (arrivals.length > 0) {
    const grown = [...arrivals, ...first.items];
    const kept = grown.slice(0, LIVE_FIRST_PAGE_MAX);
    pages =
      grown.length > kept.length
        ? [{ items: kept, next_cursor: kept.at(-1)?.id ?? null }]
        : [{ ...first, items: grown }, ...pages.slice(1)];
  }
  const trimmed = pages.length < data.pages.length;
  return {
    pages,
    pageParams: trimmed ? data.pageParams.slice(0, pages.length) : data.pageParams,
  };
}
