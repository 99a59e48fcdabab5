import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import {
  bulkReplaySchema,
  createNotificationSchema,
  idempotencyKeySchema,
  listNotificationsQuerySchema,
  maskRecipient,
  notificationIdParamsSchema,
} from '@notify/shared';
import { NotificationNotFoundError, parseUpdatedCursor, toView } from '@notify/shared/ledger';
import type { Scope } from '../auth/api-keys';
import { callerOf } from '../auth/require-scope';
import { HttpError } from '../http/http-error';
import { logOutcome } from '../http/log-outcome';
import { parseJsonBody, parseWith } from '../http/parse-input';
import { acceptNotification, type AcceptDeps } from './accept-notification';

export interface Guards {
  /** 401/403 unless the caller's key has the scope. */
  require(scope: Scope): RequestHandler;
  /** Per-key rate limit; runs after `require` so it can count by key. */
  limit: RequestHandler;
}

const at = (iso?: string) => (iso ? new Date(iso) : undefined);

export function notificationRoutes(deps: AcceptDeps, guards: Guards): Router {
  const router = Router();
  const reads = [guards.require('read'), guards.limit];
  const writes = [guards.require('write'), guards.limit];
  const { ledger } = deps;

  router.post('/notifications', ...writes, async (req, res) => {
    const body = parseJsonBody(req, createNotificationSchema);
    const key = parseWith(idempotencyKeySchema, req.get('idempotency-key'), 'Idempotency-Key');
    const accepted = await acceptNotification(deps, body, { key, caller: callerOf(res.locals) });
    if (accepted.replayed) res.set('Idempotent-Replayed', 'true');
    logOutcome(res, accepted.replayed ? 'notification replayed' : 'notification accepted', {
      notificationId: accepted.body.id,
      campaignId: body.campaign_id,
      type: body.type,
      recipient: maskRecipient(body.recipient),
    });
    res.status(202).location(`/api/v1/notifications/${accepted.body.id}`).json(accepted.body);
  });

  router.get('/notifications', ...reads, async (req, res) => {
    const query = parseWith(listNotificationsQuerySchema, req.query);
    // A page's cursor is an id (by creation) or `<ms>:<id>` (by update): one of this sort's.
    const cursorFits =
      query.sort === 'updated'
        ? (cursor: string) => parseUpdatedCursor(cursor) !== null
        : (cursor: string) => z.uuid().safeParse(cursor).success;
    if (query.cursor && !cursorFits(query.cursor)) {
      throw new HttpError(400, 'validation_failed', 'The request has invalid fields', [
        { field: 'cursor', message: `must be a cursor returned by a previous ${query.sort} page` },
      ]);
    }
    res.json(
      await ledger.reads.page(
        {
          type: query.type,
          status: query.status,
          campaignId: query.campaign_id,
          recipient: query.recipient,
          createdAfter: at(query.created_after),
          createdBefore: at(query.created_before),
          limit: query.limit,
          from: query.cursor,
        },
        query.sort,
      ),
    );
  });

  router.get('/notifications/:id', ...reads, async (req, res) => {
    const { id } = parseWith(notificationIdParamsSchema, req.params);
    const doc = await ledger.reads.byId(id);
    if (!doc) throw new NotificationNotFoundError(id);
    res.json(toView(doc));
  });

  router.post('/notifications/retry', ...writes, async (req, res) => {
    const filter = parseJsonBody(req, bulkReplaySchema);
    const result = await ledger.replay.matching(
      {
        type: filter.type,
        campaignId: filter.campaign_id,
        recipient: filter.recipient,
        createdAfter: at(filter.created_after),
        createdBefore: at(filter.created_before),
        limit: filter.limit,
      },
      callerOf(res.locals),
    );
    res.status(202).json({ replayed: result.replayed, skipped_aborted: result.skippedAborted });
  });

  router.post('/notifications/:id/retry', ...writes, async (req, res) => {
    const { id } = parseWith(notificationIdParamsSchema, req.params);
    await ledger.replay.one(id, callerOf(res.locals));
    res.status(202).json({ id, status: 'queued' });
  });

  router.get('/stats', ...reads, async (_req, res) => {
    res.json(await ledger.reads.stats());
  });

  return router;
}
