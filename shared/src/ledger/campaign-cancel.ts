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

/** A send in flight holds its lease for one provider call; the lease is asked again this often. */
const LEASE_RETRY_MS = 100;
/**
 * How long one id's lease is waited for: longer than a provider call takes (its timeout is a
 * few seconds), so an in-flight send is seen to its end. One held longer is left to the
 * processors' campaign gate, which cancels it when its job comes up again.
 */
const LEASE_PATIENCE_MS = 10_000;

/**
 * Ends every unsent notification of a cancelled campaign `cancelled`, by `_id` from its
 * `queued`, `retrying` and `processing` views. Each is changed under its delivery lease, so a
 * send in flight is waited for: it completes and is recorded `sent`, or its worker hands it
 * back and it is cancelled here. Never both. Those the views gain later (a worker handing one
 * back after its pass) are cancelled by the campaign gate when their job comes up.
 */
export function campaignCancelUnsent(ctx: LedgerContext, records: DeliveryRecords) {
  const settle = async (id: string): Promise<boolean> => {
    const deadline = Date.now() + LEASE_PATIENCE_MS;
    for (;;) {
      const lease = await ctx.lease.acquire(id, CANCEL_LEASE_MS);
      if (lease.held) {
        try {
          return await records.cancelUnsent(id);
        } finally {
          await ctx.lease.release(id, lease.token).catch(() => undefined);
        }
      }
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, LEASE_RETRY_MS));
    }
  };

  return async (campaignId: string): Promise<number> => {
    let cancelled = 0;
    for (const status of ['queued', 'retrying', 'processing'] as const) {
      const key = ctx.views.campaignKey(campaignId, status);
      let after: string | undefined;
      for (;;) {
        const ids = await ctx.views.oldest(key, CHUNK, after);
        if (ids.length === 0) break;
        const done = await Promise.all(ids.map(settle));
        cancelled += done.filter(Boolean).length;
        after = ids.at(-1);
      }
    }
    return cancelled;
  };
}
