import { z } from 'zod';
import { BREAKER_STATES } from '../events/status-event';
import { statsSchema } from '../notifications/notification-view';

export const queueDepthSchema = z.object({
  provider: z.string(),
  waiting: z.number().int().nonnegative(),
  active: z.number().int().nonnegative(),
  delayed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** Processors whose heartbeat says they serve this provider; 0 means its jobs only pile up. */
  workers: z.number().int().nonnegative(),
});
export type QueueDepth = z.infer<typeof queueDepthSchema>;

export const breakerViewSchema = z.object({
  provider: z.string(),
  state: z.enum(BREAKER_STATES),
  since: z.iso.datetime(),
});
export type BreakerView = z.infer<typeof breakerViewSchema>;

/** Terminal transitions seen in one second, for the throughput chart. */
export const throughputPointSchema = z.object({
  at: z.iso.datetime(),
  sent: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});
export type ThroughputPoint = z.infer<typeof throughputPointSchema>;

/** GET /api/v1/overview and the socket's `overview` push: everything the header shows. */
export const overviewSchema = z.object({
  stats: statsSchema,
  queues: z.array(queueDepthSchema),
  breakers: z.array(breakerViewSchema),
  throughput: z.array(throughputPointSchema),
});
export type Overview = z.infer<typeof overviewSchema>;
