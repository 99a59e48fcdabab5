import type { LedgerContext } from './ledger-context';
import type { NotificationRecord } from './notification-model';

type Filing = Pick<NotificationRecord, '_id' | 'type' | 'campaignId' | 'status'>;

export interface AuditReport {
  examined: number;
  refiled: number;
}

/** Documents per round: one pipeline of membership checks per round. */
const BATCH = 500;

/**
 * Checks the views against the collection, the record: every stored notification must be
 * in the set of its status. One pass over the collection (a cursor in `_id` order, so its
 * cost is one scan whatever the state), never on a request and never at start-up: the
 * processor runs it every LEDGER_AUDIT_INTERVAL_MS, and an operator runs it after Redis lost
 * data (`npm run ledger:audit`). A notification found missing is read again by `_id` just
 * before it is filed, so one that moved during the pass is filed as it is now.
 */
export async function auditViews(ctx: LedgerContext): Promise<AuditReport> {
  const report: AuditReport = { examined: 0, refiled: 0 };
  const check = async (batch: Filing[]) => {
    const pipeline = ctx.redis.pipeline();
    for (const doc of batch) pipeline.zscore(ctx.views.statusKey(doc.status), doc._id);
    const answers = (await pipeline.exec()) ?? [];
    const missing = batch.filter((_, i) => answers[i]?.[1] === null);
    const fresh = await Promise.all(
      missing.map((doc) => ctx.model.findById(doc._id).lean<NotificationRecord>()),
    );
    const stored = fresh.filter((doc): doc is NotificationRecord => doc !== null);
    await ctx.views.file(stored);
    report.examined += batch.length;
    report.refiled += stored.length;
  };
  let batch: Filing[] = [];
  const cursor = ctx.model
    .find({}, { _id: 1, type: 1, campaignId: 1, status: 1 })
    .sort({ _id: 1 })
    .lean<Filing[]>()
    .cursor({ batchSize: BATCH });
  for await (const doc of cursor) {
    batch.push(doc as Filing);
    if (batch.length >= BATCH) {
      await check(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await check(batch);
  if (report.refiled > 0)
    ctx.logger.warn(report, 'ledger views were missing notifications; refiled');
  else ctx.logger.info(report, 'ledger views match the collection');
  return report;
}
