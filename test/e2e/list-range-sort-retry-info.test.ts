import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedNotificationSchema,
  errorBodySchema,
  notificationPageSchema,
} from '@notify/shared';
import { buildNotification } from '../support/build-notification';
import { startPipeline, type Pipeline } from '../support/in-process-pipeline';
import { authHeaders } from '../support/test-env';

/**
 * The list's creation range and update order, served from the views (no scan), and what a
 * retrying notification says about its next attempt and the provider's answers.
 */
describe('listing by time and order, and retry information', () => {
  let pipeline: Pipeline;
  const page = async (query: string) =>
    notificationPageSchema.parse(
      await (await pipeline.api.get(`/api/v1/notifications?${query}`)).json(),
    );
  const refused = async (query: string) => {
    const response = await pipeline.api.get(`/api/v1/notifications?${query}`);
    expect(response.status).toBe(400);
    return errorBodySchema.parse(await response.json()).fields?.map((f) => f.field);
  };
  const accept = async (overrides = {}) =>
    acceptedNotificationSchema.parse(
      await (await pipeline.api.post(buildNotification(overrides))).json(),
    ).id;
  const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

  beforeAll(async () => {
    pipeline = await startPipeline('list-range-sort');
    await pipeline.mock.mode('success');
  }, 60_000);
  afterAll(() => pipeline?.stop());

  it('answers a creation range with exactly the rows created in it', async () => {
    const before = await accept();
    await pause();
    const from = new Date();
    const inside = [await accept(), await accept()];
    await pause();
    const to = new Date();
    await pause();
    const after = await accept();
    for (const id of [before, ...inside, after]) await pipeline.waitForStatus(id, 'sent');

    const range = `created_after=${from.toISOString()}&created_before=${to.toISOString()}`;
    expect((await page(range)).items.map((r) => r.id)).toEqual([...inside].reverse());
    expect((await page(`status=sent&${range}`)).items.map((r) => r.id)).toEqual(
      [...inside].reverse(),
    );
    const since = (await page(`created_after=${from.toISOString()}`)).items.map((r) => r.id);
    expect(since).toEqual([after, ...[...inside].reverse()]);
    const until = (await page(`created_before=${from.toISOString()}`)).items.map((r) => r.id);
    expect(until).toContain(before);
    expect(until).not.toContain(inside[0]);
    // Paged, the cursor stays inside the range.
    const first = await page(`${range}&limit=1`);
    expect(first.items.map((r) => r.id)).toEqual([inside[1]]);
    const second = await page(`${range}&limit=1&cursor=${first.next_cursor}`);
    expect(second.items.map((r) => r.id)).toEqual([inside[0]]);
    expect(second.next_cursor).toBeNull();
  });

  it('orders by last change with sort=updated, a replayed old one first', async () => {
    const from = new Date().toISOString();
    const old = buildNotification();
    await pipeline.mock.script(old.recipient, ['bad_request']);
    const oldId = acceptedNotificationSchema.parse(await (await pipeline.api.post(old)).json()).id;
    await pipeline.waitForStatus(oldId, 'failed');
    const newer = await accept();
    await pipeline.waitForStatus(newer, 'sent');
    const replay = await fetch(`${pipeline.api.url}/api/v1/notifications/${oldId}/retry`, {
      method: 'POST',
      headers: authHeaders,
    });
    expect(replay.status).toBe(202);
    await pipeline.waitForStatus(oldId, 'sent');

    const range = `created_after=${from}`;
    expect((await page(range)).items.map((r) => r.id)).toEqual([newer, oldId]);
    const byUpdate = await page(`${range}&sort=updated`);
    expect(byUpdate.items.map((r) => r.id)).toEqual([oldId, newer]);
    const stamps = byUpdate.items.map((r) => Date.parse(r.updated_at));
    expect(stamps[0]).toBeGreaterThanOrEqual(stamps[1]!);
    // Pages by update continue from their own cursor; a status's set too.
    const first = await page(`status=sent&sort=updated&limit=1&${range}`);
    expect(first.items.map((r) => r.id)).toEqual([oldId]);
    expect(first.next_cursor).toMatch(/^\d+:/);
    const second = await page(
      `status=sent&sort=updated&limit=1&${range}&cursor=${first.next_cursor}`,
    );
    expect(second.items.map((r) => r.id)).toEqual([newer]);
    const sms = await page(`type=sms&status=sent&sort=updated&limit=50`);
    expect(sms.items.slice(0, 2).map((r) => r.id)).toEqual([oldId, newer]);
  });

  it('replays only the failed ones created in the range when "retry all" is given one', async () => {
    const failing = async () => {
      const body = buildNotification();
      await pipeline.mock.script(body.recipient, ['bad_request', 'success']);
      const id = acceptedNotificationSchema.parse(await (await pipeline.api.post(body)).json()).id;
      await pipeline.waitForStatus(id, 'failed');
      return id;
    };
    const outside = await failing();
    await pause();
    const from = new Date().toISOString();
    const inside = await failing();
    const response = await fetch(`${pipeline.api.url}/api/v1/notifications/retry`, {
      method: 'POST',
      headers: { ...authHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ created_after: from }),
    });
    expect(await response.json()).toEqual({ replayed: 1, skipped_aborted: 0 });
    await pipeline.waitForStatus(inside, 'sent');
    expect((await pipeline.view(outside)).status).toBe('failed');
  });

  it('refuses bad range, sort and cursor parameters, naming the field', async () => {
    expect(await refused('created_after=yesterday')).toEqual(['created_after']);
    expect(await refused('created_before=2026-13-01T00:00:00Z')).toEqual(['created_before']);
    expect(
      await refused('created_after=2026-12-02T00:00:00Z&created_before=2026-12-01T00:00:00Z'),
    ).toEqual(['created_before']);
    expect(await refused('sort=oldest')).toEqual(['sort']);
    const id = await accept();
    expect(await refused(`sort=updated&cursor=${id}`)).toEqual(['cursor']);
    expect(await refused(`cursor=1733400000000:${id}`)).toEqual(['cursor']);
  });

  it('says when a rate-limited one is due again and why, and keeps the provider’s answers', async () => {
    const limited = buildNotification();
    await pipeline.mock.script(limited.recipient, ['rate_limit']);
    const id = acceptedNotificationSchema.parse(await (await pipeline.api.post(limited)).json()).id;
    const view = await pipeline.waitForStatus(id, 'retrying');
    // The mock asks for 30 s (its default Retry-After); the wait adds at most 100 ms jitter.
    expect(view.next_attempt).toMatchObject({
      reason: 'rate_limited',
      provider: 'flaky',
      retry_after_ms: 30_000,
    });
    const due = Date.parse(view.next_attempt!.at) - Date.parse(view.attempts[0]!.at);
    expect(due).toBeGreaterThanOrEqual(30_000);
    expect(due).toBeLessThan(40_000);
    expect(view.attempts[0]!.response_body).toContain('Rate limit exceeded');

    const flaky = buildNotification();
    await pipeline.mock.script(flaky.recipient, ['error', 'success']);
    const flakyId = acceptedNotificationSchema.parse(
      await (await pipeline.api.post(flaky)).json(),
    ).id;
    const sent = await pipeline.waitForStatus(flakyId, 'sent');
    expect(sent.next_attempt).toBeNull();
    expect(sent.attempts[0]!.response_body).toContain('Something went wrong');
    expect(sent.attempts[1]!.response_body).toContain('"success":true');
  });
});
