import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { CAMPAIGN_PRIORITY } from '../delivery/delivery-job';
import type { CampaignRecord } from '../store/campaign-model';
import type { Acceptance } from './accept';
import type { LedgerContext } from './ledger-context';
import { ledgerKeyPrefix } from './ledger-keys';
import { newNotification } from './notification-model';
import type { RecipientChunkRecord, RecipientChunks } from './recipient-chunks';

export interface FeedSettings {
  /**
   * A chunk is turned into notifications only while fewer than this many of the campaign's
   * are queued, retrying or being sent. The queue then holds one to two chunks per campaign
   * whatever the file's size, and is refilled at exactly the pace the provider empties it.
   */
  lowWater: number;
}

export type FeedStep = 'fed' | 'full' | 'done' | 'gone' | 'not imported';

/** Long enough for one chunk's reads and writes; a cursor that dies frees it this soon. */
const CURSOR_LEASE_MS = 30_000;
/**
 * A campaign is listed just before its document is written, so a listed id without a
 * document is either being created right now or was never created (its api died in
 * between): it is dropped once listed this long, far longer than one insert takes.
 */
const UNBORN_MS = 5 * 60_000;

/**
 * The campaign cursor: turns a campaign's stored recipients into notifications chunk by
 * chunk, at the pace its queue drains (as listmonk streams subscribers at send time). A chunk
 * is removed once its notifications are stored and queued, so the chunks left ARE the
 * cursor; its position in Redis only saves looking for the first one. The campaign document
 * is never written here: the embedded store applies an update as read-modify-write, and a
 * cursor write racing an operator's pause could undo the pause. A Redis set lists the
 * campaigns that still have recipients to feed, so finding them never reads the collection.
 */
export function campaignFeed(
  ctx: LedgerContext,
  chunks: RecipientChunks,
  accept: Acceptance,
  queuePrefix: string,
) {
  const keys = ledgerKeyPrefix(queuePrefix);
  const feedingKey = `${keys}:campaigns:feeding`;
  const positionKey = (id: string) => `${keys}:campaign:${id}:cursor`;
  const lease = (id: string) => `campaign-cursor:${id}`;

  /**
   * The first chunk not yet dispatched, looked for from the saved position up to the number
   * the import stored: one read normally; a position lost with Redis costs one read per chunk
   * already dispatched, once.
   */
  const nextChunk = async (campaign: CampaignRecord) => {
    const saved = Number((await ctx.redis.get(positionKey(campaign._id))) ?? 0);
    for (let seq = saved; seq < campaign.chunks; seq += 1) {
      const chunk = await chunks.read(campaign._id, seq);
      if (chunk) return chunk;
    }
    return null;
  };

  /** Makes, stores and queues a chunk's notifications, then moves the cursor past it. */
  const dispatch = async (campaign: CampaignRecord, chunk: RecipientChunkRecord) => {
    const ids = await chunks.assignIds(
      chunk,
      chunk.recipients.map(() => uuidv7()),
    );
    const records = chunk.recipients.flatMap((recipient, i) => {
      const id = ids[i];
      if (id === undefined) throw new Error(`recipient chunk ${chunk._id} has too few ids`);
      return newNotification({
        _id: id,
        type: 'email',
        recipient,
        subject: campaign.subject,
        message: campaign.body,
        campaignId: campaign._id,
        provider: campaign.provider,
        tokenNonce: randomBytes(16).toString('base64url'),
        priority: CAMPAIGN_PRIORITY,
      });
    });
    // A cursor that dies from here on is repeated by the next with the same ids: storeNew
    // skips what was stored, and the reconciler queues what was stored but not queued.
    await accept.storeNew(records);
    await chunks.remove(campaign._id, chunk.seq);
    await ctx.redis.set(positionKey(campaign._id), chunk.seq + 1);
  };

  return {
    /**
     * Called when an import starts, before its campaign document is written: whatever becomes
     * of the import, a processor then looks at it (feeds it, aborts it, removes its chunks).
     */
    register: async (campaignId: string) => {
      await ctx.redis.zadd(feedingKey, 'NX', Date.now(), campaignId);
    },

    /** The campaigns that may still have recipients to feed. */
    active: () => ctx.redis.zrange(feedingKey, 0, -1),

    /**
     * One step for an imported campaign that may send: feeds a chunk if its queue is low.
     * 'done' once every chunk is dispatched (it leaves the set), 'gone' for one not stored.
     */
    async feed(campaignId: string, settings: FeedSettings): Promise<FeedStep> {
      const held = await ctx.lease.acquire(lease(campaignId), CURSOR_LEASE_MS);
      if (!held.held) return 'full';
      try {
        const campaign = await ctx.campaigns.findById(campaignId).lean<CampaignRecord>();
        if (!campaign) {
          const listedAt = Number(await ctx.redis.zscore(feedingKey, campaignId));
          if (Date.now() - listedAt > UNBORN_MS) await ctx.redis.zrem(feedingKey, campaignId);
          return 'gone';
        }
        // Read here again, not taken from the caller: a campaign listed before its document
        // was written may have appeared, still importing, since the caller looked (its chunk
        // count then reads 0, and it would be taken for fully fed).
        if (campaign.state !== 'imported') return 'not imported';
        const counts = (await ctx.views.campaignCounts([campaignId])).get(campaignId);
        const unfinished = counts ? counts.queued + counts.retrying + counts.processing : 0;
        if (unfinished >= settings.lowWater) return 'full';
        const chunk = await nextChunk(campaign);
        if (!chunk) {
          await ctx.redis.multi().zrem(feedingKey, campaignId).del(positionKey(campaignId)).exec();
          return 'done';
        }
        await dispatch(campaign, chunk);
        return 'fed';
      } finally {
        await ctx.lease.release(lease(campaignId), held.token).catch(() => undefined);
      }
    },

    /**
     * A campaign that will never send again (aborted, cancelled): its undispatched chunks are
     * removed by `_id` and it leaves the set. Its recipients stay counted as not dispatched.
     */
    async retire(campaignId: string): Promise<void> {
      const campaign = await ctx.campaigns.findById(campaignId).lean<CampaignRecord>();
      const saved = Number((await ctx.redis.get(positionKey(campaignId))) ?? 0);
      // Past the count too, while chunks are found: an import that died between storing a
      // chunk and counting it left one more than its document says.
      for (let seq = saved; ; seq += 1) {
        const { deletedCount } = await chunks.remove(campaignId, seq);
        if (deletedCount === 0 && seq >= (campaign?.chunks ?? 0)) break;
      }
      await ctx.redis.multi().zrem(feedingKey, campaignId).del(positionKey(campaignId)).exec();
    },
  };
}

export type CampaignFeed = ReturnType<typeof campaignFeed>;
