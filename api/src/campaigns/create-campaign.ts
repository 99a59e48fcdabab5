import type { Request } from 'express';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import {
  campaignTemplateSchema,
  DEFAULT_CAMPAIGN_BODY,
  DEFAULT_CAMPAIGN_SUBJECT,
} from '@notify/shared';
import { HttpError } from '../http/http-error';
import { parseWith } from '../http/parse-input';
import type { IdempotencyStore } from '../notifications/idempotency-store';
import type { CampaignRecord } from './campaign-model';
import { importRows, type ImportDeps } from './import-campaign';
import { LateFieldError, receiveUpload, type UploadedFile } from './multipart-upload';

export interface CreateCampaignDeps extends ImportDeps {
  idempotency: IdempotencyStore;
  maxFileBytes: number;
}

export type Creation = { campaignId: string; replayed: boolean };

/** Empty form fields mean "use the default", as an untouched form input sends "". */
const presentFields = (fields: Record<string, string>) =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value.trim() !== ''));

export async function createCampaign(
  deps: CreateCampaignDeps,
  req: Request,
  idempotencyKey: string | undefined,
  log: Logger,
): Promise<Creation> {
  let id = uuidv7();
  if (idempotencyKey) {
    // Its own namespace: a campaign key never collides with a notification's.
    const reservation = await deps.idempotency.reserve(
      `campaign:${idempotencyKey}`,
      'campaign',
      id,
    );
    // Every upload stores the same marker (the file is not known yet), so a key never conflicts.
    if (reservation.kind === 'replay') {
      id = reservation.notificationId;
      if (await deps.campaigns.exists({ _id: id })) {
        req.resume();
        return { campaignId: id, replayed: true };
      }
    }
  }
  try {
    await receiveUpload(req, deps.maxFileBytes, (file) => importFile(deps, id, file, log));
  } catch (error) {
    // Imported without a field the operator meant for it (a subject after the file, say):
    // stop it rather than send the whole list the default text.
    if (error instanceof LateFieldError) await abort(deps, id, error, log);
    throw error;
  }
  return { campaignId: id, replayed: false };
}

async function importFile(deps: CreateCampaignDeps, id: string, file: UploadedFile, log: Logger) {
  const context = { campaignId: id };
  let created = false;
  try {
    const template = parseWith(campaignTemplateSchema, presentFields(file.fields));
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
      createdAt: new Date(),
      importedAt: null,
    };
    await deps.campaigns.insertMany([campaign], { lean: true });
    created = true;
    log.info({ ...context, name: campaign.name }, 'campaign import started');
    const counts = await importRows(deps, campaign, file.stream, log);
    if (file.stream.truncated) {
      throw new HttpError(413, 'file_too_large', `The file exceeds ${deps.maxFileBytes} bytes`);
    }
    await deps.campaigns.updateOne(
      { _id: id },
      { $set: { state: 'imported', importedAt: new Date() } },
    );
    log.info({ ...context, ...counts }, 'campaign imported');
  } catch (error) {
    if (created) await abort(deps, id, error, log);
    throw error;
  } finally {
    // Whatever stopped us, the rest of the upload is read and dropped so the answer can go out.
    file.stream.resume();
  }
}

/** A campaign cut short sends nothing more: what was queued and not yet sent is failed. */
async function abort(deps: CreateCampaignDeps, id: string, error: unknown, log: Logger) {
  const reason = error instanceof Error ? error.message : String(error);
  await deps.campaigns.updateOne({ _id: id }, { $set: { state: 'aborted', abortReason: reason } });
  const { modifiedCount } = await deps.notifications.updateMany(
    { campaignId: id, status: { $in: ['queued', 'retrying'] } },
    {
      $set: {
        status: 'failed',
        lastError: `campaign aborted: ${reason}`,
        failedAt: new Date(),
        leaseUntil: null,
      },
    },
  );
  log.warn({ campaignId: id, reason, unsent: modifiedCount }, 'campaign import aborted');
}
