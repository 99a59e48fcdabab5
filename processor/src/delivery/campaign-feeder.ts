import type { Logger } from 'pino';
import type { FeedSettings, Ledger } from '@notify/shared/ledger';
import type { CampaignGate } from './campaign-gate';

export interface FeederSettings extends FeedSettings {
  intervalMs: number;
}

/**
 * Chunks fed per campaign per round at most. The low-water mark usually stops a round after
 * one chunk (1,000 notifications, more than any provider here sends in the half second
 * between rounds); the cap only bounds a round when the mark is set above a chunk.
 */
const MAX_CHUNKS_PER_ROUND = 5;

/**
 * Runs the campaign cursor for every campaign listed as feeding: the campaign gate says what
 * the campaign may do (it also aborts an import whose api died), and the ledger does the
 * writes. An imported campaign is fed while its queue is low; a paused or still importing one
 * waits; an aborted or cancelled one has its unfed recipients removed. Every processor runs
 * it; the ledger's per-campaign lease lets one of them feed a campaign at a time.
 */
export function campaignFeeder(
  ledger: Ledger,
  gate: CampaignGate,
  settings: FeederSettings,
  logger: Logger,
) {
  const feedOne = async (campaignId: string) => {
    const answer = await gate(campaignId);
    if (answer.kind === 'wait') return;
    if (answer.kind !== 'send') return ledger.campaignFeed.retire(campaignId);
    for (let round = 0; round < MAX_CHUNKS_PER_ROUND; round += 1) {
      const step = await ledger.campaignFeed.feed(campaignId, settings);
      if (step !== 'fed') {
        if (step === 'done') logger.info({ campaignId }, 'campaign fully dispatched');
        return;
      }
    }
  };

  const round = async () => {
    const campaigns = await ledger.campaignFeed.active();
    for (const campaignId of campaigns) {
      // One campaign's trouble (a busy store) must not starve the others.
      await feedOne(campaignId).catch((error: unknown) =>
        logger.warn({ err: error, campaignId }, 'campaign feed step failed; retried next round'),
      );
    }
  };

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round()
        .catch((error: unknown) => logger.warn({ err: error }, 'campaign feed round failed'))
        .finally(schedule);
    }, settings.intervalMs);
  };

  return {
    start: () => schedule(),
    /** Lets a round in progress finish, so no chunk is left half fed by this process. */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
