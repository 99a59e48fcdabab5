import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { acceptedNotificationSchema } from '@notify/shared';
import { newNotification, openLedger } from '@notify/shared/ledger';
import { buildNotification } from '../../../test/support/build-notification';
import { startPipeline, type Pipeline } from '../../../test/support/in-process-pipeline';

describe('when the provider is down', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline('breaker', {
      // Small numbers so the test sees the whole cycle in seconds.
      BREAKER_VOLUME_THRESHOLD: '4',
      BREAKER_ERROR_PERCENT: '50',
      BREAKER_RESET_MS: '1500',
      MAX_ATTEMPTS: '50',
      WORKER_CONCURRENCY: '4',
    });
  });
  afterAll(() => pipeline.stop());

  it('opens the breaker, stops calling, then closes it and delivers everything', async () => {
    await pipeline.mock.mode('error');
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      ids.push(
        acceptedNotificationSchema.parse(
          await (await pipeline.api.post(buildNotification())).json(),
        ).id,
      );
    }
    const breakerStates = () =>
      pipeline.events.flatMap((e) => (e.kind === 'breaker.state' ? [e.state] : []));
    await expect.poll(breakerStates, { timeout: 10_000 }).toContain('open');

    // While open, the provider hears (almost) nothing: at most the half-open probes.
    const callsAtOpen = (await pipeline.mock.stats()).requests;
    await new Promise((r) => setTimeout(r, 3000));
    const probes = (await pipeline.mock.stats()).requests - callsAtOpen;
    expect(probes).toBeLessThanOrEqual(3);

    await pipeline.mock.mode(null);
    await pipeline.mock.mode('success');
    for (const id of ids) await pipeline.waitForStatus(id, 'sent', 30_000);
    expect(breakerStates()).toEqual(expect.arrayContaining(['open', 'half_open', 'closed']));
    // Postponed jobs spent no attempts: far fewer provider calls than 10 × MAX_ATTEMPTS.
    const totalAttempts = (await Promise.all(ids.map(pipeline.view))).reduce(
      (n, v) => n + v.attempt_count,
      0,
    );
    expect(totalAttempts).toBeLessThan(40);
    expect((await pipeline.mock.stats()).duplicates).toBe(0);
  }, 60_000);
});

describe('a notification stored but never enqueued', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline('reconcile', {
      RECONCILE_STALE_MS: '300',
      RECONCILE_INTERVAL_MS: '300',
    });
  });
  afterAll(() => pipeline.stop());

  it('is enqueued by the reconciler and delivered once', async () => {
    const id = randomUUID();
    const request = buildNotification();
    // What an api leaves behind when it dies between its MongoDB write and its enqueue: a
    // ledger whose fault hook stops it right there (the accept fails, the row is stored).
    const redis = new Redis(pipeline.config.REDIS_URL);
    const ledger = openLedger({
      connection: pipeline.api.notifications.db,
      redis,
      queuePrefix: pipeline.config.QUEUE_PREFIX,
      publish: () => undefined,
      logger: pino({ level: 'silent' }),
      accept: {
        afterStore: () => {
          throw new Error('died after the store');
        },
      },
    });
    const record = newNotification({
      _id: id,
      type: request.type,
      recipient: request.recipient,
      message: request.message,
      campaignId: request.campaign_id,
      provider: 'flaky',
    });
    await expect(ledger.accept.one(record)).rejects.toThrow('died after the store');
    await ledger.close();
    redis.disconnect();
    expect(await pipeline.api.notifications.exists({ _id: id })).not.toBeNull();
    await pipeline.mock.mode('success');
    const view = await pipeline.waitForStatus(id, 'sent');
    expect(view.attempts).toHaveLength(1);
    expect((await pipeline.mock.stats()).delivered).toBe(1);
  });
});
