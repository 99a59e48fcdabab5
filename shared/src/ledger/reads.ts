import type { ListSort, NotificationPage, Stats } from '../notifications/notification-view';
import { latestChanged } from './latest-changed';
import type { LedgerContext } from './ledger-context';
import { matchingIds, type IdFilter } from './matching-ids';
import { toSummary } from './notification-mapper';
import type { NotificationRecord } from './notification-model';

/**
 * What the api reads. A page is ids from the views, then each document by `_id`; counts are
 * the views' set sizes, maintained with every transition, never recomputed from the
 * collection. (The detail of one notification is a read by `_id`.)
 */
export function reads(ctx: LedgerContext) {
  const byId = (id: string) => ctx.model.findById(id).lean<NotificationRecord>();

  return {
    byId,

    /**
     * Newest created first: the cursor is the last id of the previous page (UUIDv7 ids sort
     * by time). Latest changed first (`updated`): the cursor is `<updated ms>:<id>`.
     */
    async page(filter: IdFilter, sort: ListSort = 'created'): Promise<NotificationPage> {
      const selection =
        sort === 'updated'
          ? await latestChanged(ctx, filter)
          : await matchingIds(ctx, filter, 'newest');
      const docs = await Promise.all(selection.ids.map((id) => selection.docs.get(id) ?? byId(id)));
      return {
        items: docs.filter((doc): doc is NotificationRecord => doc !== null).map(toSummary),
        next_cursor: selection.next,
      };
    },

    async stats(): Promise<Stats> {
      const counts = await ctx.views.counts();
      return { total: counts.total, by_status: counts.byStatus, by_type: counts.byType };
    },

    /** Per campaign: its count in each status. */
    campaignCounts: (campaignIds: readonly string[]) => ctx.views.campaignCounts(campaignIds),

    /** Per campaign: how many of its rows were sent since `since` (ms), for its send rate. */
    campaignSentSince: (campaignIds: readonly string[], since: number) =>
      ctx.views.recentSent(campaignIds, since),
  };
}
