import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNotification } from '../support/build-notification';
import { authHeaders, TEST_API_KEYS_ENTRY } from '../support/test-env';
import { report, startChaosStack, type ChaosStack } from './chaos-stack';

describe('the api dying between storing a notification and enqueuing it', () => {
  let stack: ChaosStack;
  beforeAll(async () => {
    stack = await startChaosStack('crash');
  });
  afterAll(() => stack?.stop());

  it('leaves it for the reconciler, which enqueues it, and it is delivered once', async () => {
    const doomed = await stack.startExtra('api', {
      API_KEYS: TEST_API_KEYS_ENTRY,
      FAULT_CRASH_AFTER_STORE: 'true',
    });
    const request = buildNotification();
    const answer = await fetch(`${doomed.url}/api/v1/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders },
      body: JSON.stringify(request),
    }).catch((error: Error) => error);
    // The client saw the connection die: no 202, so it does not know the outcome.
    expect(answer).toBeInstanceOf(Error);
    const stored = await stack.notifications.findOne({ message: request.message }).lean();
    expect(stored?.status).toBe('queued');

    const started = Date.now();
    await stack.waitAllTerminal(60_000);
    const delivered = await stack.notifications.findById(stored!._id).lean();
    const mock = await stack.mockStats();
    report('api-crash-after-store', {
      repairedAfterSeconds: Math.round((Date.now() - started) / 1000),
      status: delivered?.status,
      deliveries: mock.delivered,
    });
    expect(delivered?.status).toBe('sent');
    expect(mock).toMatchObject({ delivered: 1, duplicates: 0 });
  }, 120_000);
});
