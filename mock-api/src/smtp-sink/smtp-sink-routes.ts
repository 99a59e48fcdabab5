import { Router } from 'express';
import { z } from 'zod';
import { sinkBehaviourSchema } from './sink-behaviour';
import type { RunningSmtpSink } from './smtp-sink';

const modeSchema = z.strictObject({ behaviour: sinkBehaviourSchema.nullable() });
const scriptSchema = z.strictObject({
  recipient: z.string().min(1),
  behaviours: z.array(sinkBehaviourSchema).min(1),
});

/**
 * GET /stats/smtp lists what the sink received (recipients masked). With control on, also
 * whole messages and the steering for tests; POST /control/reset clears the sink too.
 */
export function smtpSinkRoutes(sink: RunningSmtpSink, controlEnabled: boolean): Router {
  const router = Router();
  router.get('/stats/smtp', (_req, res) => void res.json(sink.stats.listing()));
  if (!controlEnabled) return router;

  const invalid = (error: z.ZodError) => ({
    error: 'Bad Request',
    message: error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
  });
  router.get(
    '/stats/smtp/messages',
    (_req, res) => void res.json({ messages: sink.stats.messages() }),
  );
  router.put('/control/smtp/mode', (req, res) => {
    const parsed = modeSchema.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json(invalid(parsed.error));
    sink.behaviour.setMode(parsed.data.behaviour);
    res.json({ mode: parsed.data.behaviour ?? 'accept' });
  });
  router.post('/control/smtp/script', (req, res) => {
    const parsed = scriptSchema.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json(invalid(parsed.error));
    sink.behaviour.script(parsed.data.recipient, parsed.data.behaviours);
    res.json({ scripted: parsed.data.behaviours.length });
  });
  // Runs ahead of the shared reset route, which then answers.
  router.post('/control/reset', (_req, _res, next) => {
    sink.stats.reset();
    sink.behaviour.reset();
    next();
  });
  return router;
}
