import { Router, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { maskRecipient } from '@notify/shared';
import type { MockConfig } from '../config';
import type { OutcomeOverrides } from '../control/outcome-overrides';
import type { DeliveryStats } from './delivery-stats';
import { drawSource, outcomeFor, outcomeSchema, type Outcome } from './outcome-draw';

const sendBodySchema = z.object({ type: z.string(), recipient: z.string(), message: z.string() });

/** POST /send, answering exactly as the original provider does (see starter-facts.md). */
export function sendRoute(
  config: MockConfig,
  stats: DeliveryStats,
  overrides: OutcomeOverrides,
  pending: Set<NodeJS.Timeout>,
  logger: Logger,
): Router {
  const draw = drawSource(config.MOCK_SEED);
  const odds = {
    rateLimitPercent: config.MOCK_RATE_LIMIT_PERCENT,
    errorPercent: config.MOCK_ERROR_PERCENT,
    slowPercent: config.MOCK_SLOW_PERCENT,
  };
  const router = Router();

  router.post('/send', (req, res) => {
    const arrivedAt = performance.now();
    const parsed = sendBodySchema.safeParse(req.body);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') || 'body';
      res.status(400).json({ error: 'Bad Request', message: `Invalid or missing field: ${field}` });
      return;
    }
    const { type, recipient, message } = parsed.data;
    const header = outcomeSchema.safeParse(req.get('x-mock-outcome'));
    const forced = header.success ? header.data : overrides.take(recipient);
    // The draw happens for every request, forced or not, so a seeded sequence stays stable.
    const r = draw();
    const outcome: Outcome = forced ?? outcomeFor(r, odds);
    stats.recordRequest(outcome, arrivedAt);
    stats.started();
    res.once('close', () => stats.finished(res.writableFinished));
    logger.info(
      { draw: r, outcome, forced: forced !== null, type, recipient: maskRecipient(recipient) },
      'send handled',
    );
    answer(res, outcome, () => stats.recordDelivery(type, recipient, message));
  });

  function answer(res: Response, outcome: Outcome, deliver: () => void) {
    const processedAt = () => new Date().toISOString();
    switch (outcome) {
      case 'rate_limit':
        res.status(429).json({
          error: 'Too Many Requests',
          message: 'Rate limit exceeded',
          retryAfter: config.MOCK_RETRY_AFTER_SECONDS,
        });
        return;
      case 'error':
        res.status(500).json({
          error: 'Internal Server Error',
          message: 'Something went wrong',
          errorId: Date.now().toString(36),
        });
        return;
      case 'bad_request':
        res.status(400).json({ error: 'Bad Request', message: 'Forced bad request' });
        return;
      case 'slow': {
        // Delivered when the delay ends, whether or not the caller is still waiting.
        const timer = setTimeout(() => {
          pending.delete(timer);
          deliver();
          if (!res.writableEnded && !res.destroyed) {
            res.json({ success: true, message: 'Delayed response', processedAt: processedAt() });
          }
        }, config.MOCK_SLOW_DELAY_MS);
        pending.add(timer);
        return;
      }
      case 'success':
        deliver();
        res.json({
          success: true,
          message: 'Notification processed successfully',
          processedAt: processedAt(),
        });
    }
  }

  return router;
}
