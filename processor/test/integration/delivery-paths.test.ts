import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedNotificationSchema } from '@notify/shared';
import { authHeaders } from '../../../test/support/test-env';
import { buildNotification } from '../../../test/support/build-notification';
import {
  startPipeline,
  type MockOutcome,
  type Pipeline,
} from '../../../test/support/in-process-pipeline';

describe('delivering one notification', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline(
      'paths',
      // The scripted 500s of this file add up; keep the breaker (tested in recovery.test.ts) out.
      { MAX_ATTEMPTS: '3', PROVIDER_TIMEOUT_MS: '3000', BREAKER_VOLUME_THRESHOLD: '1000' },
      { MOCK_RETRY_AFTER_SECONDS: '1', MOCK_SLOW_DELAY_MS: '1500' },
    );
  });
  afterAll(() => pipeline.stop());

  /** Posts a notification whose provider answers are scripted in order. */
  const send = async (outcomes: MockOutcome[]) => {
    const request = buildNotification();
    await pipeline.mock.script(request.recipient, outcomes);
    const response = await pipeline.api.post(request);
    return acceptedNotificationSchema.parse(await response.json()).id;
  };

  it('marks it sent after one attempt when the provider accepts', async () => {
    const id = await send(['success']);
    const view = await pipeline.waitForStatus(id, 'sent');
    expect(view.attempts).toMatchObject([
      { number: 1, outcome: 'sent', http_status: 200, error: null },
    ]);
    expect(view.sent_at).not.toBeNull();
  });

  it('retries 500s with backoff until the provider accepts', async () => {
    const id = await send(['error', 'error', 'success']);
    const view = await pipeline.waitForStatus(id, 'sent');
    expect(view.attempts.map((a) => [a.outcome, a.http_status])).toEqual([
      ['transient', 500],
      ['transient', 500],
      ['sent', 200],
    ]);
    expect(view.attempts[0]?.error).toBe('HTTP 500: Something went wrong');
  });

  it('waits out a 429 for the provider’s hint without spending the failure budget', async () => {
    // Three 429s and two 500s would exceed MAX_ATTEMPTS=3 if 429s counted as failures.
    const id = await send(['rate_limit', 'error', 'rate_limit', 'error', 'rate_limit', 'success']);
    const view = await pipeline.waitForStatus(id, 'sent', 30_000);
    expect(view.attempts.map((a) => a.outcome)).toEqual([
      'rate_limited',
      'transient',
      'rate_limited',
      'transient',
      'rate_limited',
      'sent',
    ]);
    const after429 = (i: number) =>
      Date.parse(view.attempts[i + 1]!.at) - Date.parse(view.attempts[i]!.at);
    // The mock asked for 1 s; no retry came sooner.
    for (const i of [0, 2, 4]) expect(after429(i)).toBeGreaterThanOrEqual(1000);
  }, 40_000);

  it('fails a permanent rejection at once, with the provider’s reason', async () => {
    const id = await send(['bad_request', 'success']);
    const view = await pipeline.waitForStatus(id, 'failed');
    expect(view.attempts).toHaveLength(1);
    expect(view.attempts[0]).toMatchObject({ outcome: 'permanent', http_status: 400 });
    expect(view.last_error).toMatch(/^rejected by provider: HTTP 400: /);
  });

  it('dead-letters it with the last error once the attempt budget is spent', async () => {
    const id = await send(['error', 'error', 'error', 'success']);
    const view = await pipeline.waitForStatus(id, 'failed');
    expect(view.attempts.map((a) => a.outcome)).toEqual(['transient', 'transient', 'transient']);
    expect(view.last_error).toBe('gave up after 3 failed attempts: HTTP 500: Something went wrong');
  });

  it('delivers a dead-lettered one again once an operator replays it, with a fresh budget', async () => {
    const id = await send(['error', 'error', 'error']);
    const failed = await pipeline.waitForStatus(id, 'failed');
    await pipeline.mock.script(failed.recipient, ['error', 'error', 'success']);
    const replay = await fetch(`${pipeline.api.url}/api/v1/notifications/${id}/retry`, {
      method: 'POST',
      headers: authHeaders,
    });
    expect(replay.status).toBe(202);
    const view = await pipeline.waitForStatus(id, 'sent');
    // Two more failures would have exhausted the old budget of 3; the replay starts afresh.
    expect(view.attempts.map((a) => a.outcome)).toEqual([
      'transient',
      'transient',
      'transient',
      'transient',
      'transient',
      'sent',
    ]);
    expect(view.replays).toHaveLength(1);
  });

  it('takes a slow answer as the success it is, without a retry', async () => {
    const id = await send(['slow']);
    const view = await pipeline.waitForStatus(id, 'sent');
    expect(view.attempts).toHaveLength(1);
    expect(view.attempts[0]!.latency_ms).toBeGreaterThanOrEqual(1500);
  });

  it('does not send again when the queue hands the same notification over twice', async () => {
    const id = await send(['success', 'success']);
    await pipeline.waitForStatus(id, 'sent');
    const before = await pipeline.mock.stats();
    const duplicate = await pipeline.api.queue.add(
      'deliver',
      { notificationId: id },
      { jobId: `${id}-again` },
    );
    await expect.poll(() => duplicate.getState(), { timeout: 10_000 }).toBe('completed');
    expect((await pipeline.mock.stats()).requests).toBe(before.requests);
    expect((await pipeline.view(id)).attempts).toHaveLength(1);
  });

  it('publishes every status change it goes through', async () => {
    const id = await send(['error', 'success']);
    await pipeline.waitForStatus(id, 'sent');
    await expect
      .poll(() =>
        pipeline.events.flatMap((e) =>
          e.kind === 'notification.status' && e.notification.id === id
            ? [e.notification.status]
            : [],
        ),
      )
      .toEqual(['queued', 'processing', 'retrying', 'processing', 'sent']);
  });
});
