import { Router } from 'express';
import { z } from 'zod';
import type { EmailStats } from '../email-api/email-stats';
import type { DeliveryStats } from '../flaky-provider/delivery-stats';
import { outcomeSchema } from '../flaky-provider/outcome-draw';
import type { OutcomeOverrides } from './outcome-overrides';

const scriptSchema = z.strictObject({
  recipient: z.string().min(1),
  outcomes: z.array(outcomeSchema).min(1),
});
const modeSchema = z.strictObject({ outcome: outcomeSchema.nullable() });

/** Steering for tests and outage drills; off with MOCK_CONTROL_ENABLED=false. */
export function controlRoutes(
  stats: DeliveryStats,
  overrides: OutcomeOverrides,
  emailStats: EmailStats,
): Router {
  const router = Router();
  const invalid = (error: z.ZodError) => ({
    error: 'Bad Request',
    message: error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
  });

  router.post('/control/outcomes', (req, res) => {
    const parsed = scriptSchema.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json(invalid(parsed.error));
    overrides.script(parsed.data.recipient, parsed.data.outcomes);
    res.json({ scripted: parsed.data.outcomes.length });
  });

  router.put('/control/mode', (req, res) => {
    const parsed = modeSchema.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json(invalid(parsed.error));
    overrides.setMode(parsed.data.outcome);
    res.json({ mode: parsed.data.outcome });
  });

  router.post('/control/reset', (_req, res) => {
    stats.reset();
    overrides.reset();
    emailStats.reset();
    res.json({ reset: true });
  });

  return router;
}
