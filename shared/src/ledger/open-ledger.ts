import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { campaignModel } from '../store/campaign-model';
import type { PublishStatus } from '../store/status-publisher';
import { acceptance, type AcceptSettings } from './accept';
import { campaignCancel } from './campaign-cancel';
import { campaignFeed } from './campaign-feed';
import { campaignControls } from './campaign-controls';
import { deliveryLease } from './delivery-lease';
import { deliveryQueues } from './delivery-queues';
import { deliveryRecords } from './delivery-records';
import type { LedgerContext } from './ledger-context';
import { notificationModel } from './notification-model';
import { providerFailover } from './provider-failover';
import { recipientChunkModel, recipientChunks } from './recipient-chunks';
import { reads } from './reads';
import { reconciler, type ReconcilerSettings } from './reconciler';
import { replays } from './replay';
import { statusViews } from './status-views';
import { auditViews } from './view-audit';

export interface LedgerOptions {
  connection: Connection;
  /** Commands (never a blocking connection): queue adds, views, leases. */
  redis: Redis;
  queuePrefix: string;
  publish: PublishStatus;
  logger: Logger;
  accept?: Partial<AcceptSettings>;
}

/**
 * The notification ledger: the one owner of a notification's life. Only what it returns
 * writes the notifications collection, files the status views or adds delivery jobs.
 */
export function openLedger(options: LedgerOptions) {
  const ctx: LedgerContext = {
    model: notificationModel(options.connection),
    campaigns: campaignModel(options.connection),
    redis: options.redis,
    views: statusViews(options.redis, options.queuePrefix),
    lease: deliveryLease(options.redis, options.queuePrefix),
    queues: deliveryQueues(options.redis, options.queuePrefix),
    publish: options.publish,
    logger: options.logger,
  };
  const delivery = deliveryRecords(ctx);
  const accept = acceptance(ctx, {
    storeBudgetMs: options.accept?.storeBudgetMs ?? 10_000,
    groupCommit: options.accept?.groupCommit ?? { maxWaitMs: 5, maxBatch: 100 },
    afterStore: options.accept?.afterStore,
  });
  const chunks = recipientChunks(recipientChunkModel(options.connection));
  return {
    accept,
    delivery,
    /** A campaign's imported recipients, stored compactly until the cursor reaches them. */
    recipientChunks: chunks,
    /** The campaign cursor: feeds stored recipients to the queue at the provider's pace. */
    campaignFeed: campaignFeed(ctx, chunks, accept, options.queuePrefix),
    /** Routing: moves a notification to another provider of its chain. */
    moveToProvider: providerFailover(ctx, delivery),
    replay: replays(ctx),
    cancelCampaign: campaignCancel(ctx, delivery),
    /** An operator's pause, resume and cancel of a campaign. */
    campaignControls: campaignControls(ctx, delivery),
    reads: reads(ctx),
    reconciler: (settings: ReconcilerSettings) => reconciler(ctx, settings, options.logger),
    audit: () => auditViews(ctx),
    /** Read-only uses: counts, rate limits. Jobs are added by the ledger alone. */
    queueFor: ctx.queues.queueFor,
    queueReady: () => options.redis.status === 'ready',
    /** Accepted notifications still being filed and queued are finished first. */
    close: async () => {
      await accept.drain();
      await ctx.queues.close();
    },
  };
}

export type Ledger = ReturnType<typeof openLedger>;
