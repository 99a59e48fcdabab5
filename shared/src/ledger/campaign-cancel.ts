import type { LedgerContext } from './ledger-context';
import type { DeliveryRecords } from './delivery-records';

/** Ids read per round; each is then failed by `_id` under its lease, in parallel. */
const CHUNK = 100;
/** Short: one read and one write. A worker holding it decides itself (the campaign gate). */
const CANCEL_LEASE_MS = 10_000;

/**
 * Fails every unsent notification of an aborted campaign. The ids come from the campaign's
 * `queued` and `retrying` views, oldest first; each is failed by `_id` under its delivery
 * lease, so one a worker is sending right now is left to that worker, whose campaign gate
 * sees the abort. Runs until the views are empty of them; should this process die midway,
 * the processors' campaign gate cancels the rest as their jobs come up.
 */
export function campaignCancel(ctx: LedgerContext, records: DeliveryRecords) {
  return async (campaignId: string, reason: string): Promise<number> => {
    let cancelled = 0;
    for (const status of ['queued', 'retrying'] as const) {
      const key = ctx.views.campaignKey(campaignId, status);
      let after: string | undefined;
      for (;;) {
        const ids = await ctx.views.oldest(key, CHUNK, after);
        if (ids.length === 0) break;
        const done = await Promise.all(
          ids.map(async (id) => {
            const lease = await ctx.lease.acquire(id, CANCEL_LEASE_MS);
            if (!lease.held) return false;
            try {
              return await records.failUnfinished(id, `campaign aborted: ${reason}`);
            } finally {
              await ctx.lease.release(id, lease.token).catch(() => undefined);
            }
          }),
        );
        cancelled += done.filter(Boolean).length;
        after = ids.at(-1);
      }
    }
    return cancelled;
  };
}
