import { describe, expect, it } from 'vitest';
import type { NotificationPage } from '@notify/shared';
import {
  applyNotificationChanges,
  LIVE_PAGE_MAX,
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

  it('puts an older row that starts matching into its sorted place (a retried one turns sent late)', () => {
    const [oldest, retried, middle, newest] = [buildRow(), buildRow(), buildRow(), buildRow()];
    const sent = (row: typeof oldest) => ({ ...row, status: 'sent' as const });
    const result = applyNotificationChanges(
      cache({ items: [sent(newest), sent(middle), sent(oldest)], next_cursor: null }),
      [sent(retried)],
      { status: 'sent' },
    );
    expect(result.pages[0]!.items.map((r) => r.id)).toEqual([
      newest.id,
      middle.id,
      retried.id,
      oldest.id,
    ]);
  });

  it('puts a row into the loaded page whose id range holds it', () => {
    const [a, b, c, d] = [buildRow(), buildRow(), buildRow(), buildRow()];
    const between = { ...c };
    const result = applyNotificationChanges(
      cache({ items: [d], next_cursor: d.id }, { items: [b, a], next_cursor: null }),
      [between],
      {},
    );
    expect(result.pages.map((p) => p.items.map((r) => r.id))).toEqual([[d.id], [c.id, b.id, a.id]]);
  });

  it('leaves a row older than every loaded page to "Load more"', () => {
    const stale = buildRow();
    const [first, second] = [buildRow(), buildRow()];
    const result = applyNotificationChanges(
      cache({ items: [second, first], next_cursor: first.id }),
      [stale],
      {},
    );
    expect(result.pages[0]!.items.map((r) => r.id)).toEqual([second.id, first.id]);
  });

  it('puts back a row that left the view and matches again, even at the page boundary', () => {
    const [last, top] = [buildRow({ status: 'failed' }), buildRow({ status: 'failed' })];
    const later = {
      items: [buildRow({ id: '00000000-0000-7000-8000-000000000009' })],
      next_cursor: null,
    };
    const start = cache({ items: [top, last], next_cursor: last.id }, later);
    const left = applyNotificationChanges(start, [{ ...last, status: 'queued' }], {
      status: 'failed',
    });
    expect(left.pages[0]!.items.map((r) => r.id)).toEqual([top.id]);
    const back = applyNotificationChanges(left, [last], { status: 'failed' });
    expect(back.pages[0]!.items.map((r) => r.id)).toEqual([top.id, last.id]);
    expect(back.pages[1]).toBe(later);
  });

  it('caps a page and continues the cursor from its last kept row', () => {
    const arrivals = Array.from({ length: LIVE_PAGE_MAX + 10 }, () => buildRow());
    const result = applyNotificationChanges(
      cache(page(), { items: [], next_cursor: null }),
      arrivals,
      {},
    );
    expect(result.pages).toHaveLength(1);
    expect(result.pageParams).toEqual([null]);
    expect(result.pages[0]!.items).toHaveLength(LIVE_PAGE_MAX);
    expect(result.pages[0]!.next_cursor).toBe(result.pages[0]!.items.at(-1)!.id);
  });
});
