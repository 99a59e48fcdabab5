import {
  NOTIFICATION_STATUSES,
  type Channel,
  type NotificationStatus,
} from '../notifications/notification-status';
import { idPrefix, lowerBound } from './created-range';
import type { LedgerContext } from './ledger-context';
import type { NotificationRecord } from './notification-model';

export interface IdFilter {
  type?: Channel;
  status?: NotificationStatus;
  campaignId?: string;
  /** Case-insensitive "contains"; the one filter no view serves (see RECIPIENT_SCAN_CAP). */
  recipient?: string;
  /** Created at or after (inclusive). */
  createdAfter?: Date;
  /** Created before (exclusive). */
  createdBefore?: Date;
  limit: number;
  /** Newest first: ids below this one. Oldest first: ids above it. */
  from?: string;
}

export interface Selection {
  ids: string[];
  /** Documents already read to apply a filter, so a caller need not read them again. */
  docs: Map<string, NotificationRecord>;
  /** Where the next page starts, or null when nothing is left. */
  next: string | null;
}

/**
 * A recipient search reads documents by `_id`, newest first, and stops after this many: its
 * cost is bounded whatever is stored (about a second on the embedded store), and the page
 * answers a cursor from where it stopped, so a client can search further back on purpose.
 */
export const RECIPIENT_SCAN_CAP = 2000;
/** Ids read per round when documents must be checked one by one. */
const CHUNK = 100;

const readAll = async (ctx: LedgerContext, ids: string[]) => {
  const docs = await Promise.all(
    ids.map((id) => ctx.model.findById(id).lean<NotificationRecord>()),
  );
  return docs.filter((doc): doc is NotificationRecord => doc !== null);
};

/**
 * Picks ids from the status views (see status-views.ts): one sorted set per status, per type
 * and status, or per campaign and status, merged in id order. Every step is a range read of
 * a set, or a read by `_id`; nothing scans the collection.
 */
export async function matchingIds(
  ctx: LedgerContext,
  filter: IdFilter,
  order: 'newest' | 'oldest',
): Promise<Selection> {
  const { views } = ctx;
  const statuses = filter.status ? [filter.status] : NOTIFICATION_STATUSES;
  const keys = statuses.map((status) =>
    filter.campaignId
      ? views.campaignKey(filter.campaignId, status)
      : filter.type
        ? views.typeKey(filter.type, status)
        : views.statusKey(status),
  );
  // The creation range is a range of ids (created-range.ts); an id prefix is never an id
  // itself, so it bounds either way, exclusive or inclusive alike.
  const floor = filter.createdAfter && idPrefix(filter.createdAfter);
  const ceiling = filter.createdBefore && idPrefix(filter.createdBefore);
  const readKey = (key: string, count: number, from?: string) =>
    order === 'newest'
      ? views.newest(key, count, lowerBound(from, ceiling), floor)
      : views.oldest(key, count, from && floor && from < floor ? floor : (from ?? floor), ceiling);
  const read = (count: number, from?: string) =>
    Promise.all(keys.map((key) => readKey(key, count, from))).then((lists) => {
      const merged = lists.flat().sort();
      if (order === 'newest') merged.reverse();
      return merged.slice(0, count);
    });

  // A campaign's views do not split by type; the recipient is in no view at all.
  const needle = filter.recipient?.toLowerCase();
  const byCampaignAndType = Boolean(filter.campaignId && filter.type);
  if (!needle && !byCampaignAndType) {
    const ids = await read(filter.limit + 1, filter.from);
    const page = ids.slice(0, filter.limit);
    return {
      ids: page,
      docs: new Map(),
      next: ids.length > filter.limit ? (page.at(-1) ?? null) : null,
    };
  }

  const found: NotificationRecord[] = [];
  let from = filter.from;
  let examined = 0;
  for (;;) {
    const ids = await read(CHUNK, from);
    if (ids.length === 0) break;
    for (const doc of await readAll(ctx, ids)) {
      if (filter.type && doc.type !== filter.type) continue;
      if (needle && !doc.recipient.toLowerCase().includes(needle)) continue;
      found.push(doc);
    }
    examined += ids.length;
    from = ids.at(-1);
    if (found.length > filter.limit) break;
    if (ids.length < CHUNK) {
      from = undefined;
      break;
    }
    if (examined >= RECIPIENT_SCAN_CAP) break;
  }
  found.sort((a, b) => (a._id < b._id ? -1 : 1));
  if (order === 'newest') found.reverse();
  const page = found.slice(0, filter.limit);
  const next = found.length > filter.limit ? (page.at(-1)?._id ?? null) : (from ?? null);
  return {
    ids: page.map((doc) => doc._id),
    docs: new Map(page.map((doc) => [doc._id, doc])),
    next,
  };
}
