import type { Logger } from 'pino';
import {
  campaignTemplateSchema,
  DEFAULT_CAMPAIGN_BODY,
  DEFAULT_CAMPAIGN_SUBJECT,
} from '@notify/shared';
import { settleWithin } from '@notify/shared/process';
import { retryTransient, type CampaignRecord } from '@notify/shared/store';
import { HttpError } from '../http/http-error';
import { parseWith } from '../http/parse-input';
import { importRows, type ImportDeps } from './import-campaign';
import type { UploadedFile } from './multipart-upload';

export interface ImportRunDeps extends ImportDeps {
  /** The provider the campaign's notifications target when the cursor makes them. */
  providerFor: (channel: 'email') => string;
  maxFileBytes: number;
  heartbeatMs: number;
  retryAfterSeconds: number;
}

type Counts = Awaited<ReturnType<typeof importRows>>;

/** How long an abort waits for the batch being stored when the upload failed. */
const IMPORT_STOP_WAIT_MS = 5000;
/** The abort's own write rides out a busy store for this long (the client waits for it). */
const ABORT_WRITE_BUDGET_MS = 3000;

/** Empty form fields mean "use the default", as an untouched form input sends "". */
const presentFields = (fields: Record<string, string>) =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value.trim() !== ''));

/**
 * One upload's campaign. It is `importing` while the file is read, beating a heartbeat so the
 * processor can tell a live import from one whose api died; `imported` (and sent) only once
 * the whole request was received and accepted; otherwise `aborted`, and nothing goes out.
 */
export function importRun(deps: ImportRunDeps, id: string, log: Logger) {
  const context = { campaignId: id };
  let created = false;
  let beat: NodeJS.Timeout | undefined;
  const stopped = new AbortController();
  let importing: Promise<unknown> = Promise.resolve();
  // Every write this import makes to its campaign document goes through this chain, one at a
  // time: the embedded store applies an update as read-modify-write, so a heartbeat landing
  // between a batch's read and write would put back the counts from before that batch (seen:
  // a million-row import counted 999,000 rows).
  let writes: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(write: () => Promise<T>): Promise<T> => {
    const turn = writes.then(write);
    writes = turn.catch(() => undefined);
    return turn;
  };
  const heartbeat = () =>
    inTurn(() =>
      deps.campaigns.updateOne(
        { _id: id, state: 'importing' },
        { $set: { heartbeatAt: new Date() } },
      ),
    ).catch((error: unknown) => log.warn({ ...context, err: error }, 'heartbeat not written'));
  const addCounts = async (inc: Record<string, number>) => {
    await inTurn(() => deps.campaigns.updateOne({ _id: id }, { $inc: inc }));
  };

  return {
    async importFile(file: UploadedFile): Promise<Counts> {
      const template = parseWith(campaignTemplateSchema, presentFields(file.fields));
      const now = new Date();
      const campaign: CampaignRecord = {
        _id: id,
        name: template.name ?? file.filename,
        subject: template.subject ?? DEFAULT_CAMPAIGN_SUBJECT,
        body: template.body ?? DEFAULT_CAMPAIGN_BODY,
        state: 'importing',
        abortReason: null,
        provider: deps.providerFor('email'),
        rowsRead: 0,
        valid: 0,
        invalid: 0,
        duplicates: 0,
        queued: 0,
        chunks: 0,
        createdAt: now,
        importedAt: null,
        heartbeatAt: now,
      };
      // Listed for the campaign cursor first: whatever becomes of the import, even should
      // this api die right here, a processor then feeds its chunks, or aborts and removes them.
      await deps.ledger.campaignFeed.register(id);
      await deps.campaigns.insertMany([campaign], { lean: true });
      created = true;
      beat = setInterval(() => void heartbeat(), deps.heartbeatMs).unref();
      log.info({ ...context, name: campaign.name }, 'campaign import started');
      const run = importRows(deps, campaign, file.stream, addCounts, stopped.signal);
      importing = run;
      const counts = await run;
      if (file.truncated()) {
        throw new HttpError(413, 'file_too_large', `The file exceeds ${deps.maxFileBytes} bytes`);
      }
      return counts;
    },

    /** The whole request was read and accepted: from now on the cursor feeds its recipients. */
    async complete(counts: Counts): Promise<void> {
      clearInterval(beat);
      const { modifiedCount } = await inTurn(() =>
        deps.campaigns.updateOne(
          { _id: id, state: 'importing' },
          { $set: { state: 'imported', importedAt: new Date() } },
        ),
      );
      // A processor gave up on it (no heartbeat for a minute: MongoDB kept refusing our
      // writes), and may have cancelled some rows already; sending the rest would be worse.
      if (modifiedCount !== 1) {
        throw new HttpError(
          503,
          'import_abandoned',
          'The import stalled and was cancelled; upload the file again',
          undefined,
          { 'Retry-After': String(deps.retryAfterSeconds) },
        );
      }
      log.info({ ...context, ...counts }, 'campaign imported');
    },

    /** A campaign cut short sends nothing. */
    async abort(error: unknown): Promise<void> {
      clearInterval(beat);
      // The upload can fail (a client gone) while its last batch is still being stored: that
      // batch is stopped, and waited for, so no chunk lands after a processor has removed the
      // campaign's chunks. A stream that never ends is not waited for past the bound.
      stopped.abort();
      await settleWithin(
        importing.catch(() => undefined),
        IMPORT_STOP_WAIT_MS,
      );
      if (!created) return;
      const reason = error instanceof Error ? error.message : String(error);
      // Only from importing: an earlier reason (a processor's) stays the one recorded. A
      // conditional write, so safe to repeat through a busy store; should it still fail, the
      // processors' campaign gate aborts the campaign once its heartbeat is stale.
      await inTurn(() =>
        retryTransient(
          () =>
            deps.campaigns.updateOne(
              { _id: id, state: 'importing' },
              { $set: { state: 'aborted', abortReason: reason } },
            ),
          { budgetMs: ABORT_WRITE_BUDGET_MS },
        ),
      );
      // Nothing was sent or even made a notification: the cursor only feeds imported
      // campaigns. A processor removes the stored chunks when it sees the abort.
      log.warn({ ...context, reason }, 'campaign import aborted');
    },
  };
}
