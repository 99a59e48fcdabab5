import type { CampaignModel, CampaignRecord } from '@notify/shared/store';

/**
 * What a campaign's notification may do now: go out (the whole file was imported), wait (the
 * file is still being read), or never go out (the import was aborted, or its api died).
 */
export type GateAnswer = { kind: 'send' } | { kind: 'wait' } | { kind: 'cancel'; reason: string };
export type CampaignGate = (campaignId: string) => Promise<GateAnswer>;

/**
 * A held-back notification is tried again this long after: an import's end is noticed within
 * seconds, and a long import costs at most one claim per waiting notification per 5 s.
 */
export const CAMPAIGN_RECHECK_MS = 5000;

/** 'wait' is believed this long at most, so an import's end is seen within a second. */
const WAIT_CACHE_MS = 1000;
/** Finished campaigns remembered; far more than run at once, so the cache rarely misses. */
const MAX_REMEMBERED = 10_000;

const SEND: GateAnswer = { kind: 'send' };
const WAIT: GateAnswer = { kind: 'wait' };
const cancel = (reason: string): GateAnswer => ({
  kind: 'cancel',
  reason: `campaign aborted: ${reason}`,
});

/**
 * Answers for a campaign from its document, read by `_id` (the one lookup every backend
 * serves from its primary key). Imported and aborted are final, so those answers are kept in
 * memory; "still importing" is read again after a second.
 */
export function campaignGate(
  campaigns: CampaignModel,
  settings: { staleMs: number },
  now: () => number = Date.now,
): CampaignGate {
  const final = new Map<string, GateAnswer>();
  const waiting = new Map<string, number>();
  const remember = (id: string, answer: GateAnswer) => {
    waiting.delete(id);
    if (final.size >= MAX_REMEMBERED) final.delete(final.keys().next().value as string);
    final.set(id, answer);
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
    return modifiedCount === 1 ? remember(record._id, cancel(reason)) : WAIT;
  };

  return async function check(campaignId) {
    const known = final.get(campaignId);
    if (known) return known;
    if ((waiting.get(campaignId) ?? 0) > now()) return WAIT;
    const record = await campaigns.findById(campaignId).lean<CampaignRecord>();
    // Campaign rows are stored after their campaign, so this is no campaign of ours.
    if (!record) return SEND;
    if (record.state === 'imported') return remember(campaignId, SEND);
    if (record.state === 'aborted') {
      return remember(campaignId, cancel(record.abortReason ?? 'no reason recorded'));
    }
    const lastSign = new Date(record.heartbeatAt ?? record.createdAt).getTime();
    if (now() - lastSign > settings.staleMs) return abandon(record);
    waiting.set(campaignId, now() + WAIT_CACHE_MS);
    return WAIT;
  };
}
