import { Router, type RequestHandler } from 'express';
import { campaignIdParamsSchema, type CampaignView } from '@notify/shared';
import { settleWithin } from '@notify/shared/process';
import type { CampaignRecord } from '@notify/shared/store';
import { parseWith } from '../http/parse-input';
import type { CreateCampaignDeps } from './create-campaign';

/**
 * How long a cancel's answer waits for the unsent rows to be cancelled: long enough for a
 * send in flight to finish (so the answer's counts are final for a campaign of thousands);
 * a million rows take longer, and finish in the background.
 */
const CANCEL_WAIT_MS = 5000;

/**
 * POST /campaigns/:id/pause, /resume and /cancel (write scope). Each answers the campaign as
 * it is afterwards; asking again changes nothing. Refusals (a cancelled campaign resumed, one
 * still importing) are the ledger's CampaignStateError, a 409.
 */
export function campaignControlRoutes(
  deps: Pick<CreateCampaignDeps, 'ledger'>,
  writes: RequestHandler[],
  load: (id: string) => Promise<CampaignRecord>,
  views: (records: CampaignRecord[]) => Promise<CampaignView[]>,
): Router {
  const router = Router();
  const controls = deps.ledger.campaignControls;
  const answer = async (id: string) => (await views([await load(id)]))[0];

  router.post('/campaigns/:id/pause', ...writes, async (req, res) => {
    const { id } = parseWith(campaignIdParamsSchema, req.params);
    await controls.pause(id);
    res.json(await answer(id));
  });

  router.post('/campaigns/:id/resume', ...writes, async (req, res) => {
    const { id } = parseWith(campaignIdParamsSchema, req.params);
    await controls.resume(id);
    res.json(await answer(id));
  });

  router.post('/campaigns/:id/cancel', ...writes, async (req, res) => {
    const { id } = parseWith(campaignIdParamsSchema, req.params);
    const { unsent } = await controls.cancel(id);
    const log = req.log.child({ campaignId: id });
    const sweep = unsent
      .then((cancelled) => log.info({ cancelled }, 'unsent campaign rows cancelled'))
      .catch((error: unknown) =>
        log.warn({ err: error }, 'cancel sweep stopped; the campaign gate finishes it'),
      );
    await settleWithin(sweep, CANCEL_WAIT_MS);
    res.json(await answer(id));
  });

  return router;
}
