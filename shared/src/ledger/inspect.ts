/**
 * The stored collection, for tests, benchmarks and the load test's delivery report to
 * inspect what the ledger wrote. Lint allows this import only outside the apps
 * (eslint.config.js): in api/ and processor/ the ledger's own functions are the way in.
 */
export {
  notificationModel,
  newNotification,
  type NotificationModel,
  type NotificationRecord,
} from './notification-model';
export {
  recipientChunkModel,
  type RecipientChunkModel,
  type RecipientChunkRecord,
} from './recipient-chunks';
