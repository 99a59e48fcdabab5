import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import {
  bulkReplaySchema,
  createNotificationSchema,
  idempotencyKeySchema,
  listNotificationsQuerySchema,
  notificationIdParamsSchema,
} from '@notify/shared';
import type { Scope } from '../auth/api-keys';
import { callerOf } from '../auth/require-scope';
import { toView, type NotificationRecord } from '@notify/shared/store';
import { HttpError, notFound } from '../http/http-error';
import { parseJsonBody, parseWith } from '../http/parse-input';
import { acceptNotification, type AcceptDeps } from './accept-notification';
import { listNotifications, notificationStats } from './list-notifications';
import { replayMatching, retryNotification, type RetryDeps } from './retry-notification';

export interface Guards {
  /** 401/403 unless the caller's key has the scope. */
  require(scope: Scope): RequestHandler;
  /** Per-key rate limit; runs after `require` so it can count by key. */
  limit: RequestHandler;
}

export function notificationRoutes(deps: AcceptDeps & RetryDeps, guards: Guards): Router {
  const router = Router();
  const reads = [guards.require('read'), guards.limit];
  const writes = [guards.require('write'), guards.limit];

  router.post('/notifications', ...writes, async (req, res) => {
    const body = parseJsonBody(req, createNotificationSchema);
    const key = parseWith(idempotencyKeySchema, req.get('idempotency-key'), 'Idempotency-Key');
    const accepted = await acceptNotification(deps, body, key, req.log);
    if (accepted.replayed) res.set('Idempotent-Replayed', 'true');
    res.status(202).location(`/api/v1/notifications/${accepted.body.id}`).json(accepted.body);
  });

  router.get('/notifications', ...reads, async (req, res) => {
    const query = parseWith(listNotificationsQuerySchema, req.query);
    if (query.cursor && !z.uuid().safeParse(query.cursor).success) {
      throw new HttpError(400, 'validation_failed', 'The request has invalid fields', [
        { field: 'cursor', message: 'must be a cursor returned by a previous page' },
      ]);
    }
    res.json(await listNotifications(deps.notifications, query));
  });

  router.get('/notifications/:id', ...reads, async (req, res) => {
    const { id } = parseWith(notificationIdParamsSchema, req.params);
    const doc = await deps.notifications.findById(id).lean<NotificationRecord>();
    if (!doc) throw notFound('Notification');
    res.json(toView(doc));
  });

  router.post('/notifications/retry', ...writes, async (req, res) => {
    const filter = parseJsonBody(req, bulkReplaySchema);
    res.status(202).json(await replayMatching(deps, filter, callerOf(res.locals), req.log));
  });

  router.post('/notifications/:id/retry', ...writes, async (req, res) => {
    const { id } = parseWith(notificationIdParamsSchema, req.params);
    res.status(202).json(await retryNotification(deps, id, callerOf(res.locals), req.log));
  });

  router.get('/stats', ...reads, async (_req, res) => {
    res.json(await notificationStats(deps.notifications));
  });

  return router;
}
