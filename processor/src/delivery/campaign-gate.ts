import type { CampaignModel, CampaignRecord } from '@notify/shared/store';

/**
 * What a campaign's notification may do now: go out (imported), wait (the file is still being
 * read, or an operator paused it), never go out as a failure (the import was aborted, or its
 * api died), or never go out as `cancelled` (an operator cancelled the campaign).
 */
export type GateAnswer =
  | { kind: 'send' }
  | { kind: 'wait'; reason: 'campaign still importing' | 'campaign paused' }
  | { kind: 'cancel'; reason: string }
  | { kind: 'cancelled' };
export type CampaignGate = (campaignId: string) => Promise<GateAnswer>;

/**
 * A held-back notification is tried again this long after: an import's end (or a resume) is
 * noticed within seconds, and a long wait costs at most one claim per waiting notification
 * per 5 s (fewer: the queue's rate limit paces the claims too).
 */
export const CAMPAIGN_RECHECK_MS = 5000;

/**
 * 'send', 'wait' and 'paused' are believed this long at most, so a pause, resume or cancel is
 * seen within a second, at one read by `_id` per campaign per second per processor.
 */
const RECHECK_CACHE_MS = 1000;
/** Finished campaigns remembered; far more than run at once, so the cache rarely misses. */
const MAX_REMEMBERED = 10_000;

const SEND: GateAnswer = { kind: 'send' };
const IMPORTING: GateAnswer = { kind: 'wait', reason: 'campaign still importing' };
const PAUSED: GateAnswer = { kind: 'wait', reason: 'campaign paused' };
const CANCELLED: GateAnswer = { kind: 'cancelled' };
const cancel = (reason: string): GateAnswer => ({
  kind: 'cancel',
  reason: `campaign aborted: ${reason}`,
});

/**
 * Answers for a campaign from its document, read by `_id` (the one lookup every backend
 * serves from its primary key). Aborted and cancelled are final, so those answers are kept in
 * memory; the others are read again after a second. A send this gate let through just before
 * a cancel holds its delivery lease, which the cancel waits for: it is sent, not cancelled.
 */
export function campaignGate(
  campaigns: CampaignModel,
  settings: { staleMs: number },
  now: () => number = Date.now,
): CampaignGate {
  const final = new Map<string, GateAnswer>();
  const recent = new Map<string, { answer: GateAnswer; until: number }>();
  const remember = (id: string, answer: GateAnswer) => {
    recent.delete(id);
    if (final.size >= MAX_REMEMBERED) final.delete(final.keys().next().value as string);
    final.set(id, answer);
    return answer;
  };
  const briefly = (id: string, answer: GateAnswer) => {
    if (recent.size >= MAX_REMEMBERED) recent.delete(recent.keys().next().value as string);
    recent.set(id, { answer, until: now() + RECHECK_CACHE_MS });
    return answer;
  };

  /**
   * The api that imported it stopped beating: it died mid-file, and the rest of the file is
   * gone. Marked aborted in one conditional write, so an api that was only slow cannot mark
   * it imported afterwards and send the rows this processor already cancelled.
   */
  const abandon = async (record: CampaignRecord): Promise<GateAnswer> => {
    const reason = `the import stopped reporting progress for ${settings.staleMs / 1000} s (its api went away mid-file)`;
    const { modifiedCount } = await campaigns.updateOne(
      { _id: record._id, state: 'importing', heartbeatAt: record.heartbeatAt ?? null },
      { $set: { state: 'aborted', abortReason: reason } },
    );
    // Not matched: it changed meanwhile (a late beat, imported, aborted); read it again soon.
    return modifiedCount === 1 ? remember(record._id, cancel(reason)) : IMPORTING;
  };

  return async function check(campaignId) {
    const known = final.get(campaignId);
    if (known) return known;
    const cached = recent.get(campaignId);
    if (cached && cached.until > now()) return cached.answer;
    const record = await campaigns.findById(campaignId).lean<CampaignRecord>();
    // Campaign rows are stored after their campaign, so this is no campaign of ours.
    if (!record) return SEND;
    switch (record.state) {
      case 'imported':
        return briefly(campaignId, SEND);
      case 'paused':
        return briefly(campaignId, PAUSED);
      case 'cancelled':
        return remember(campaignId, CANCELLED);
      case 'aborted':
        return remember(campaignId, cancel(record.abortReason ?? 'no reason recorded'));
      case 'importing': {
        const lastSign = new Date(record.heartbeatAt ?? record.createdAt).getTime();
        if (now() - lastSign > settings.staleMs) return abandon(record);
        return briefly(campaignId, IMPORTING);
      }
    }
  };
}
