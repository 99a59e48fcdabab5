import type { Logger } from 'pino';
import { settleWithin } from '@notify/shared/process';
import {
  campaignTemplateSchema,
  DEFAULT_CAMPAIGN_BODY,
  DEFAULT_CAMPAIGN_SUBJECT,
} from '@notify/shared';
import { retryTransient, type CampaignRecord } from '@notify/shared/store';
import { HttpError } from '../http/http-error';
import { parseWith } from '../http/parse-input';
import { importRows, type ImportDeps } from './import-campaign';
import type { UploadedFile } from './multipart-upload';

export interface ImportRunDeps extends ImportDeps {
  maxFileBytes: number;
  heartbeatMs: number;
  retryAfterSeconds: number;
}

type Counts = Awaited<ReturnType<typeof importRows>>;

/** How long an aborted upload's answer waits for its unsent rows to be failed. */
const CANCEL_WAIT_MS = 5000;
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
  let stored = false;
  let beat: NodeJS.Timeout | undefined;
  const heartbeat = () =>
    deps.campaigns
      .updateOne({ _id: id, state: 'importing' }, { $set: { heartbeatAt: new Date() } })
      .catch((error: unknown) => log.warn({ ...context, err: error }, 'heartbeat not written'));

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
        rowsRead: 0,
        valid: 0,
        invalid: 0,
        duplicates: 0,
        queued: 0,
        createdAt: now,
        importedAt: null,
        heartbeatAt: now,
      };
      await deps.campaigns.insertMany([campaign], { lean: true });
      created = true;
      beat = setInterval(() => void heartbeat(), deps.heartbeatMs).unref();
      log.info({ ...context, name: campaign.name }, 'campaign import started');
      const counts = await importRows(deps, campaign, file.stream, log, () => {
        stored = true;
      });
      if (file.truncated()) {
        throw new HttpError(413, 'file_too_large', `The file exceeds ${deps.maxFileBytes} bytes`);
      }
      return counts;
    },

    /** The whole request was read and accepted: from now on its notifications go out. */
    async complete(counts: Counts): Promise<void> {
      clearInterval(beat);
      const { modifiedCount } = await deps.campaigns.updateOne(
        { _id: id, state: 'importing' },
        { $set: { state: 'imported', importedAt: new Date() } },
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

    /** A campaign cut short sends nothing: what was queued and not yet sent is failed. */
    async abort(error: unknown): Promise<void> {
      clearInterval(beat);
      if (!created) return;
      const reason = error instanceof Error ? error.message : String(error);
      // Only from importing: an earlier reason (a processor's) stays the one recorded. A
      // conditional write, so safe to repeat through a busy store; should it still fail, the
      // processors' campaign gate aborts the campaign once its heartbeat is stale.
      await retryTransient(
        () =>
          deps.campaigns.updateOne(
            { _id: id, state: 'importing' },
            { $set: { state: 'aborted', abortReason: reason } },
          ),
        { budgetMs: ABORT_WRITE_BUDGET_MS },
      );
      log.warn({ ...context, reason }, 'campaign import aborted');
      // Its unsent rows are failed by `_id` from the campaign's views. The answer waits for
      // that up to CANCEL_WAIT_MS (a file cut off early is cancelled before the client hears
      // of it); a million rows take longer, and finish in the background. Should this api
      // die midway, the processors' campaign gate cancels the rest as they come up.
      if (stored) {
        const cancelling = deps.ledger
          .cancelCampaign(id, reason)
          .then((unsent) => log.info({ ...context, unsent }, 'unsent campaign rows failed'))
          .catch((error: unknown) =>
            log.warn({ ...context, err: error }, 'cancel stopped; the campaign gate finishes it'),
          );
        await settleWithin(cancelling, CANCEL_WAIT_MS);
      }
    },
  };
}
