import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CampaignModel } from '../store/campaign-model';
import type { PublishStatus } from '../store/status-publisher';
import type { DeliveryLease } from './delivery-lease';
import type { DeliveryQueues } from './delivery-queues';
import type { NotificationModel } from './notification-model';
import type { StatusViews } from './status-views';

/** What every part of the ledger works with; built once by `openLedger`. */
export interface LedgerContext {
  model: NotificationModel;
  campaigns: CampaignModel;
  redis: Redis;
  views: StatusViews;
  lease: DeliveryLease;
  queues: DeliveryQueues;
  publish: PublishStatus;
  logger: Logger;
}
