import { z } from 'zod';
import { attemptOutcomeSchema } from '../notifications/notification-status';

/** One delivery queue per provider, so a provider's own rate limit can be a queue limit. */
export const deliveryQueueName = (provider: string): string => `delivery-${provider}`;

/**
 * A provider result that could not be written to MongoDB yet. Kept on the job in Redis so
 * a re-run records it instead of calling the provider again (which would send twice).
 */
export const pendingResultSchema = z.object({
  outcome: attemptOutcomeSchema,
  httpStatus: z.number().int().nullable(),
  latencyMs: z.number().int().nonnegative(),
  error: z.string().nullable(),
  at: z.iso.datetime(),
  retryAfterMs: z.number().int().nonnegative().nullable(),
  /** The provider's answer, kept short; absent on results kept before bodies were. */
  responseBody: z.string().nullable().optional(),
});
export type PendingResult = z.infer<typeof pendingResultSchema>;

export const deliveryJobSchema = z.object({
  notificationId: z.string().min(1),
  pendingResult: pendingResultSchema.optional(),
});
export type DeliveryJob = z.infer<typeof deliveryJobSchema>;

export const BACKOFF_STRATEGY = 'full-jitter';

/** Bulk sends' BullMQ priority (higher runs later); stored on the notification for replays. */
export const CAMPAIGN_PRIORITY = 10;

/**
 * The job id for a notification's n-th delivery run: the notification id at first, then
 * `<id>-r<n>` after the n-th replay. Deterministic, so any producer (the api, a replay, the
 * reconciler) derives the same id and adding twice is a no-op while that job exists; and new
 * per replay, because the dead-lettered run's job still sits in the failed set under the old id.
 */
export const deliveryJobId = (notificationId: string, replayCount: number): string =>
  replayCount === 0 ? notificationId : `${notificationId}-r${replayCount}`;

/**
 * Job options every producer uses (api on accept and replay, the processor's reconciler).
 * `attempts` is a ceiling only: the processor enforces its own, configurable budget and
 * ends the job with UnrecoverableError when it is spent, so the policy lives in one place.
 */
export const deliveryJobOptions = (notificationId: string, replayCount = 0, priority = 0) => ({
  jobId: deliveryJobId(notificationId, replayCount),
  // BullMQ runs unprioritized jobs first: campaigns carry CAMPAIGN_PRIORITY so a one-off
  // e-mail (a password reset, say) never waits behind a 100,000-row list on a 1-per-10-s API.
  ...(priority > 0 ? { priority } : {}),
  attempts: 1000,
  backoff: { type: BACKOFF_STRATEGY },
  // Completed jobs are only a debugging aid: MongoDB holds the record. Keep an hour of them.
  removeOnComplete: { age: 3600, count: 10_000 },
  // Failed jobs mirror dead letters; a week gives operators time to look.
  removeOnFail: { age: 7 * 24 * 3600 },
});
