import type { CampaignRecord, CampaignState } from '../store/campaign-model';
import { campaignCancelUnsent } from './campaign-cancel';
import type { DeliveryRecords } from './delivery-records';
import type { LedgerContext } from './ledger-context';
import { CampaignNotFoundError, CampaignStateError } from './ledger-errors';

type Action = 'pause' | 'resume' | 'cancel';

/**
 * Rounds of read-then-conditional-write before giving up: each lost round means another
 * request changed the state in between, which two operators clicking at once do once.
 */
const MAX_ROUNDS = 5;

/**
 * An operator's pause, resume and cancel of an imported campaign. The campaign's state is
 * what the processors' campaign gate reads (by `_id`) before each send: paused hands the job
 * back for later, cancelled ends the notification `cancelled`. Each move is one write by
 * `_id`, conditional on the state just read, and asking for the state a campaign is already
 * in changes nothing (so every call is safe to repeat).
 */
export function campaignControls(ctx: LedgerContext, records: DeliveryRecords) {
  const cancelUnsent = campaignCancelUnsent(ctx, records);

  const move = async (id: string, action: Action, from: CampaignState[], to: CampaignState) => {
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const record = await ctx.campaigns
        .findById(id, { state: 1 })
        .lean<Pick<CampaignRecord, 'state'>>();
      if (!record) throw new CampaignNotFoundError(id);
      if (record.state === to) return;
      if (!from.includes(record.state)) throw new CampaignStateError(action, record.state);
      const { modifiedCount } = await ctx.campaigns.updateOne(
        { _id: id, state: record.state },
        { $set: { state: to } },
      );
      if (modifiedCount === 1) {
        ctx.logger.info({ campaignId: id, from: record.state, to }, `campaign ${to}`);
        return;
      }
    }
    throw new CampaignStateError(action, 'being changed by another request');
  };

  return {
    pause: (id: string) => move(id, 'pause', ['imported'], 'paused'),
    resume: (id: string) => move(id, 'resume', ['paused'], 'imported'),

    /**
     * Marks the campaign cancelled, then ends its unsent notifications (`unsent` settles with
     * how many this call cancelled). Repeating it runs the sweep again, which finishes one an
     * earlier call did not (its process died midway).
     */
    async cancel(id: string): Promise<{ unsent: Promise<number> }> {
      await move(id, 'cancel', ['imported', 'paused'], 'cancelled');
      return { unsent: cancelUnsent(id) };
    },
  };
}

export type CampaignControls = ReturnType<typeof campaignControls>;
