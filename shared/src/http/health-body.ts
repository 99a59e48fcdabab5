import { z } from 'zod';

export const livenessSchema = z.object({ status: z.literal('ok') });

/** GET /ready: 200 when MongoDB and Redis both answer, 503 naming the one that does not. */
export const readinessSchema = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z.object({ mongodb: z.enum(['up', 'down']), redis: z.enum(['up', 'down']) }),
});
export type Readiness = z.infer<typeof readinessSchema>;
