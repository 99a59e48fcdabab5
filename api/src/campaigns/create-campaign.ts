import type { Request } from 'express';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { keyInFlight, keyReused, type Hold, type IdempotencyStore } from '@notify/shared/ledger';
import { callerOf } from '../auth/require-scope';
import { importRun, type ImportRunDeps } from './import-run';
import { receiveUpload } from './multipart-upload';

export interface CreateCampaignDeps extends ImportRunDeps {
  idempotency: IdempotencyStore;
}

export type Creation = { campaignId: string; replayed: boolean };

export async function createCampaign(
  deps: CreateCampaignDeps,
  req: Request,
  idempotencyKey: string | undefined,
  log: Logger,
): Promise<Creation> {
  const id = uuidv7();
  // The key is held while this upload runs: another upload with it meanwhile gets 409, one
  // after this one succeeded replays it, one after it failed starts afresh (it is released).
  let held: Hold | undefined;
  if (idempotencyKey) {
    // Every upload hashes alike (the file is not known yet), so a key never conflicts.
    const caller = callerOf(req.res?.locals ?? {});
    const claim = await deps.idempotency.hold(
      'campaign',
      caller,
      idempotencyKey,
      'upload',
      id,
      log,
    );
    if (claim.kind !== 'new') req.resume();
    if (claim.kind === 'in_flight') throw keyInFlight(deps.retryAfterSeconds);
    if (claim.kind === 'conflict') throw keyReused();
    if (claim.kind === 'replay') return { campaignId: claim.resourceId, replayed: true };
    held = claim;
  }
  const run = importRun(deps, id, log);
  try {
    const counts = await receiveUpload(req, deps.maxFileBytes, (file) => run.importFile(file));
    await run.complete(counts);
  } catch (error) {
    // Whatever stopped it (a bad row, a cut-off body, a late field, a client gone), nothing
    // of it is sent. Should even that write fail, the processor cancels the campaign once
    // its heartbeat is stale.
    await run
      .abort(error)
      .catch((abortError: unknown) =>
        log.error({ campaignId: id, err: abortError }, 'abort not recorded'),
      );
    await held?.release();
    throw error;
  }
  await held?.complete();
  return { campaignId: id, replayed: false };
}
