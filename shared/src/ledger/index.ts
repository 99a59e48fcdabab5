export * from './open-ledger';
export * from './ledger-errors';
export * from './lifecycle';
export * from './idempotency-store';
export * from './notification-mapper';
export {
  newNotification,
  type NotificationRecord,
  type AttemptRecord,
  type NextAttemptRecord,
} from './notification-model';
export type { Claim, AttemptFacts, DeliveryRecords } from './delivery-records';
export type { FailoverAttempt, MoveToProvider } from './provider-failover';
export type { ReplayFilter } from './replay';
export type { IdFilter } from './matching-ids';
export { RECIPIENT_SCAN_CAP } from './matching-ids';
export { parseUpdatedCursor } from './latest-changed';
export type { ReconcilerSettings } from './reconciler';
export type { GroupCommitSettings } from './group-commit';
export type { AbortedReason } from './aborted-campaigns';
export { abortedCampaigns } from './aborted-campaigns';
export { RECIPIENT_CHUNK } from './recipient-chunks';
export type { FeedSettings, FeedStep } from './campaign-feed';
