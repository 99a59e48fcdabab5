import { describe, expect, it } from 'vitest';
import type { NotificationPage } from '@notify/shared';
import {
  applyNotificationChanges,
  LIVE_FIRST_PAGE_MAX,
} from '../src/features/live/apply-notification-changes';
import { buildRow } from './support/fakes';

const cache = (...pages: NotificationPage[]) => ({
  pages,
  pageParams: pages.map((_, i) => (i === 0 ? null : `c${i}`)),
});

describe('folding live changes into a cached list', () => {
  const older = buildRow({ status: 'queued' });
  const newer = buildRow({ status: 'processing' });
  const page = (): NotificationPage => ({ items: [newer, older], next_cursor: older.id });

  it('replaces a shown row in place', () => {
    const changed = { ...older, status: 'sent' as const };
    const result = applyNotificationChanges(cache(page()), [changed], {});
    expect(result.pages[0]!.items).toEqual([newer, changed]);
  });

  it('drops a row that no longer matches the filter', () => {
    const result = applyNotificationChanges(cache(page()), [{ ...newer, status: 'sent' }], {
      status: 'processing',
    });
    expect(result.pages[0]!.items.map((r) => r.id)).toEqual([older.id]);
  });

  it('puts a new matching row on top of the first page only', () => {
    const later = {
      items: [buildRow({ id: '00000000-0000-7000-8000-000000000001' })],
      next_cursor: null,
    };
    const arrival = buildRow({ status: 'queued' });
    const result = applyNotificationChanges(cache(page(), later), [arrival], {});
    expect(result.pages[0]!.items.map((r) => r.id)).toEqual([arrival.id, newer.id, older.id]);
    expect(result.pages[1]).toBe(later);
  });

  it('ignores a new row that does not match the filter', () => {
    const arrival = buildRow({ type: 'email' });
    const result = applyNotificationChanges(cache(page()), [arrival], { type: 'sms' });
    expect(result.pages[0]!.items).toHaveLength(2);
  });

  it('does not insert a row older than the newest one shown (it belongs further down)', () => {
    const first = buildRow();
    const stale = { ...buildRow(), id: '00000000-0000-7000-8000-000000000000' };
    const result = applyNotificationChanges(
      cache({ items: [first], next_cursor: null }),
      [stale],
      {},
    );
    expect(result.pages[0]!.items).toEqual([first]);
  });

  it('caps the first page and continues the cursor from its last kept row', () => {
    const arrivals = Array.from({ length: LIVE_FIRST_PAGE_MAX + 10 }, () => buildRow());
    const result = applyNotificationChanges(
      cache(page(), { items: [], next_cursor: null }),
      arrivals,
      {},
    );
    expect(result.pages).toHaveLength(1);
    expect(result.pageParams).toEqual([null]);
    expect(result.pages[0]!.items).toHaveLength(LIVE_FIRST_PAGE_MAX);
    expect(result.pages[0]!.next_cursor).toBe(result.pages[0]!.items.at(-1)!.id);
  });
});
