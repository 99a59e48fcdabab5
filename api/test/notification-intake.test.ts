import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedNotificationSchema,
  errorBodySchema,
  notificationPageSchema,
  notificationViewSchema,
  statsSchema,
} from '@notify/shared';
import { buildNotification } from '../../test/support/build-notification';
import { startInProcessApi, type InProcessApi } from '../../test/support/in-process-api';
import { isolatedEnv } from '../../test/support/test-env';

describe('accepting notifications', () => {
  let api: InProcessApi;
  beforeAll(async () => {
    api = await startInProcessApi(isolatedEnv('intake'));
  });
  afterAll(() => api.stop());

  it('stores a valid notification as queued and enqueues it under its own id', async () => {
    const request = buildNotification({ recipient: '  +14155550100 ' });
    const response = await api.post(request);
    expect(response.status).toBe(202);
    const { id } = acceptedNotificationSchema.parse(await response.json());
    expect(response.headers.get('location')).toBe(`/api/v1/notifications/${id}`);

    const stored = await api.notifications.findById(id).lean();
    expect(stored).toMatchObject({
      status: 'queued',
      recipient: '+14155550100',
      campaignId: request.campaign_id,
    });
    const job = await api.queue.getJob(id);
    expect(job?.data).toEqual({ notificationId: id });

    const view = notificationViewSchema.parse(
      await (await api.get(`/api/v1/notifications/${id}`)).json(),
    );
    expect(view).toMatchObject({
      id,
      status: 'queued',
      attempt_count: 0,
      attempts: [],
      message: request.message,
    });
  });

  it("keeps an e-mail's subject, and refuses one on an SMS naming the field", async () => {
    const email = await api.post(buildNotification({ type: 'email', subject: ' Your receipt ' }));
    expect(email.status).toBe(202);
    const { id } = acceptedNotificationSchema.parse(await email.json());
    const view = notificationViewSchema.parse(
      await (await api.get(`/api/v1/notifications/${id}`)).json(),
    );
    expect(view.subject).toBe('Your receipt');

    const sms = await api.post(buildNotification({ type: 'sms', subject: 'Hi' }));
    expect(sms.status).toBe(400);
    expect(errorBodySchema.parse(await sms.json()).fields).toEqual([
      { field: 'subject', message: 'only an e-mail has a subject' },
    ]);
  });

  it('returns the original answer for a repeated Idempotency-Key and creates nothing new', async () => {
    const request = buildNotification({ type: 'email' });
    const key = `order-${randomUUID()}`;
    const first = await api.post(request, { 'idempotency-key': key });
    const firstBody = acceptedNotificationSchema.parse(await first.json());
    // Same content, other key order: the same request.
    const reordered = Object.fromEntries(Object.entries(request).reverse());
    const second = await api.post(reordered, { 'idempotency-key': key });
    expect(second.status).toBe(202);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(firstBody);
    expect(await api.notifications.countDocuments({ campaignId: request.campaign_id })).toBe(1);
  });

  it('rejects a reused Idempotency-Key with a different body', async () => {
    const key = `order-${randomUUID()}`;
    await api.post(buildNotification(), { 'idempotency-key': key });
    const response = await api.post(buildNotification(), { 'idempotency-key': key });
    expect(response.status).toBe(422);
    expect(errorBodySchema.parse(await response.json()).error).toBe('idempotency_key_reused');
  });
});

describe('listing notifications', () => {
  let api: InProcessApi;
  const campaign = randomUUID();
  const ids: string[] = [];
  beforeAll(async () => {
    api = await startInProcessApi(isolatedEnv('listing'));
    const requests = [
      ...Array.from({ length: 5 }, () => buildNotification({ campaign_id: campaign })),
      ...Array.from({ length: 3 }, () => buildNotification({ type: 'email' })),
      buildNotification({ type: 'email', recipient: 'Needle.Person@Example.com' }),
    ];
    for (const request of requests) {
      ids.push(acceptedNotificationSchema.parse(await (await api.post(request)).json()).id);
    }
  });
  afterAll(() => api.stop());

  const page = async (query: string) =>
    notificationPageSchema.parse(await (await api.get(`/api/v1/notifications?${query}`)).json());

  it('walks every notification newest first with a cursor, none twice', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const result = await page(`limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...result.items.map((item) => item.id));
      cursor = result.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by type, status and campaign', async () => {
    expect((await page('type=email')).items).toHaveLength(4);
    expect((await page(`campaign_id=${campaign}`)).items.map((i) => i.id)).toEqual(
      ids.slice(0, 5).reverse(),
    );
    expect((await page('status=sent')).items).toHaveLength(0);
    expect((await page('status=queued&type=sms')).items).toHaveLength(5);
  });

  it('searches recipients case-insensitively and literally', async () => {
    expect((await page('recipient=needle.person')).items.map((i) => i.id)).toEqual([ids[8]]);
    expect((await page(`recipient=${encodeURIComponent('.*')}`)).items).toHaveLength(0);
  });

  it('counts by status and type', async () => {
    const stats = statsSchema.parse(await (await api.get('/api/v1/stats')).json());
    expect(stats).toEqual({
      total: 9,
      by_status: { queued: 9, processing: 0, retrying: 0, sent: 0, failed: 0, cancelled: 0 },
      by_type: { email: 4, sms: 5 },
    });
  });
});
