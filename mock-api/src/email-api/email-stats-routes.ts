import { Router } from 'express';
import type { EmailStats } from './email-stats';

/** Read-outs for tests; whole messages only with control on, since they carry personal data. */
export function emailStatsRoutes(stats: EmailStats, controlEnabled: boolean): Router {
  const router = Router();
  router.get(
    '/stats/email/recipients',
    (_req, res) => void res.json({ recipients: stats.recipients() }),
  );
  if (controlEnabled) {
    router.get(
      '/stats/email/messages',
      (_req, res) => void res.json({ messages: stats.messages() }),
    );
  }
  return router;
}
