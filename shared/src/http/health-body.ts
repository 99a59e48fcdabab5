import { z } from 'zod';

export const livenessSchema = z.object({ status: z.literal('ok') });

/** Something an operator should fix that does not stop this replica taking requests. */
export const readinessWarningSchema = z.object({
  queue: z.string(),
  provider: z.string(),
  message: z.string(),
});
export type ReadinessWarning = z.infer<typeof readinessWarningSchema>;

/**
 * GET /ready: 200 when MongoDB and Redis both answer, 503 naming the one that does not.
 * `warnings` (a queue the api routes to that no processor serves, say) never turn it into a
 * 503: taking this replica out of its load balancer would not bring a processor back.
 */
export const readinessSchema = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z.object({ mongodb: z.enum(['up', 'down']), redis: z.enum(['up', 'down']) }),
  warnings: z.array(readinessWarningSchema),
});
export type Readiness = z.infer<typeof readinessSchema>;
