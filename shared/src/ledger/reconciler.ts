import type { Logger } from 'pino';
import { isTerminal } from '../notifications/notification-status';
import type { LedgerContext } from './ledger-context';
import { auditViews } from './view-audit';
import type { NotificationRecord } from './notification-model';

export interface ReconcilerSettings {
  intervalMs: number;
  staleMs: number;
  /** How often the views are checked against the whole collection (0: never). */
  auditIntervalMs: number;
}

/** Ids looked at per round, each read by `_id`. */
const BATCH = 200;

/**
 * Repairs the gaps between MongoDB and Redis, by `_id` only. Every accepted notification is
 * in the views' "touched" set from before its insert until it is final, scored by its last
 * change; one untouched for `staleMs` may have been stored but never queued (the api died
 * in between), or moved without its view being filed (a process died between the two
 * writes). Each is read by `_id` and filed again as stored; an unfinished one is queued
 * again (its job id is derived, so for one still queued the add is a no-op, and the worker's
 * status check stops a finished one); one never stored (its insert failed) is dropped.
 */
export function reconciler(ctx: LedgerContext, settings: ReconcilerSettings, logger: Logger) {
  let running: Promise<number> | null = null;

  async function sweep(): Promise<number> {
    const cutoff = Date.now() - settings.staleMs;
    let total = 0;
    for (;;) {
      const ids = await ctx.views.stale(cutoff, BATCH);
      if (ids.length === 0) break;
      const docs = await Promise.all(
        ids.map((id) => ctx.model.findById(id).lean<NotificationRecord>()),
      );
      const stored = docs.filter((doc): doc is NotificationRecord => doc !== null);
      const missing = ids.filter((_, i) => docs[i] === null);
      // Filing sets each unfinished one's touch to now, so the next round moves on.
      await ctx.views.file(stored);
      await ctx.views.untouch(missing);
      await ctx.queues.enqueue(stored.filter((doc) => !isTerminal(doc.status)));
      total += ids.length;
    }
    if (total > 0) logger.info({ checked: total }, 'reconciler refiled stale notifications');
    return total;
  }

  const runOnce = () => {
    running ??= sweep()
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'reconcile sweep failed; next interval retries');
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void runOnce(), settings.intervalMs);
  timer.unref();
  // Never at start-up: one pass reads the whole collection, so it runs on its own long timer.
  let auditing: Promise<unknown> | null = null;
  const audit = settings.auditIntervalMs
    ? setInterval(() => {
        auditing ??= auditViews(ctx)
          .catch((error: unknown) => logger.warn({ err: error }, 'ledger audit failed'))
          .finally(() => {
            auditing = null;
          });
      }, settings.auditIntervalMs).unref()
    : null;

  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      if (audit) clearInterval(audit);
      await Promise.all([running, auditing]);
    },
  };
}
