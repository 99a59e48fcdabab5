import { NOTIFICATION_STATUSES } from '../notifications/notification-status';
import { idInRange } from './created-range';
import type { LedgerContext } from './ledger-context';
import { RECIPIENT_SCAN_CAP, type IdFilter, type Selection } from './matching-ids';
import type { NotificationRecord } from './notification-model';

/** A place in "latest change first" order: the change time (ms), then the id, both falling. */
interface Position {
  ms: number;
  id: string;
}

/** Ids read per round when some must be skipped (see below). */
const CHUNK = 100;

/** The cursor of a page in this order: `<updated ms>:<id>` (fits the 64-character cursor). */
export const updatedCursor = (position: Position): string => `${position.ms}:${position.id}`;

export function parseUpdatedCursor(cursor: string): Position | null {
  const [, ms, id] = /^(\d{1,15}):([0-9a-f-]{36})$/.exec(cursor) ?? [];
  return ms && id ? { ms: Number(ms), id } : null;
}

const later = (a: Position, b: Position) => b.ms - a.ms || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * Most recently changed first, from the views scored by update time (status-views.ts), per
 * status or per type and status: a reverse range by score under the cursor, merged across
 * statuses. Exact, and no collection scan. A campaign or recipient filter has no such view:
 * those read documents by `_id` (as the recipient search does, with the same cap), and a
 * creation range skips ids by the time they carry, without reading anything.
 */
export async function latestChanged(ctx: LedgerContext, filter: IdFilter): Promise<Selection> {
  const { views } = ctx;
  const statuses = filter.status ? [filter.status] : NOTIFICATION_STATUSES;
  const keys = statuses.map((status) =>
    filter.type ? views.updatedTypeKey(filter.type, status) : views.updatedKey(status),
  );
  // Ids changed at the cursor's very millisecond sort by id: the ones at or above it were
  // on earlier pages. Several can share one (a campaign's rows are filed in batches).
  const readKey = async (key: string, count: number, at?: Position) => {
    if (!at) return views.latest(key, count);
    const [ties, below] = await Promise.all([
      views.latestAt(key, at.ms),
      views.latest(key, count, at.ms - 1),
    ]);
    return [...ties.filter(([id]) => id < at.id), ...below].slice(0, count);
  };
  const read = async (count: number, at?: Position) => {
    const lists = await Promise.all(keys.map((key) => readKey(key, count, at)));
    return lists
      .flat()
      .map(([id, ms]) => ({ id, ms }))
      .sort(later)
      .slice(0, count);
  };

  const range = { after: filter.createdAfter, before: filter.createdBefore };
  const needle = filter.recipient?.toLowerCase();
  const needsDocs = Boolean(needle || filter.campaignId);
  const start = filter.from ? (parseUpdatedCursor(filter.from) ?? undefined) : undefined;
  const found: { at: Position; doc?: NotificationRecord }[] = [];
  let at = start;
  let examined = 0;
  let exhausted = false;
  const want = filter.limit + 1;
  // One round when nothing is skipped; otherwise rounds of CHUNK until the page is full.
  for (;;) {
    const count = needsDocs || range.after || range.before ? CHUNK : want;
    const positions = await read(count, at);
    const inRange = positions.filter((p) => idInRange(p.id, range));
    const docs = needsDocs
      ? await Promise.all(inRange.map((p) => ctx.model.findById(p.id).lean<NotificationRecord>()))
      : [];
    inRange.forEach((position, i) => {
      const doc = docs[i];
      if (needsDocs) {
        if (!doc) return;
        if (filter.campaignId && doc.campaignId !== filter.campaignId) return;
        if (needle && !doc.recipient.toLowerCase().includes(needle)) return;
      }
      found.push({ at: position, doc: doc ?? undefined });
    });
    examined += positions.length;
    at = positions.at(-1) ?? at;
    if (positions.length < count) {
      exhausted = true;
      break;
    }
    if (found.length >= want || examined >= RECIPIENT_SCAN_CAP) break;
  }
  const page = found.slice(0, filter.limit);
  const last = page.at(-1)?.at;
  const next =
    found.length > filter.limit && last
      ? updatedCursor(last)
      : !exhausted && at
        ? updatedCursor(at)
        : null;
  return {
    ids: page.map((entry) => entry.at.id),
    docs: new Map(page.flatMap((entry) => (entry.doc ? [[entry.at.id, entry.doc]] : []))),
    next,
  };
}
