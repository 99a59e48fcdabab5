import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '@notify/shared';
import { buildNotification } from '../../test/support/build-notification';
import { startInProcessApi, type InProcessApi } from '../../test/support/in-process-api';
import { isolatedEnv } from '../../test/support/test-env';

interface Case {
  name: string;
  body: unknown;
  headers?: Record<string, string>;
  status: number;
  field?: string;
}

const valid = buildNotification();
const without = (key: keyof typeof valid) =>
  Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key));
const email = (recipient: unknown) => ({ ...valid, type: 'email', recipient });
const sms = (recipient: unknown) => ({ ...valid, type: 'sms', recipient });

const cases: Case[] = [
  { name: 'type missing', body: without('type'), status: 400, field: 'type' },
  { name: 'type unknown', body: { ...valid, type: 'fax' }, status: 400, field: 'type' },
  { name: 'type in capitals', body: { ...valid, type: 'SMS' }, status: 400, field: 'type' },
  { name: 'type a number', body: { ...valid, type: 1 }, status: 400, field: 'type' },
  { name: 'recipient missing', body: without('recipient'), status: 400, field: 'recipient' },
  { name: 'recipient empty', body: sms(''), status: 400, field: 'recipient' },
  { name: 'recipient blank', body: sms('   '), status: 400, field: 'recipient' },
  { name: 'email to a phone number', body: email('+14155550123'), status: 400, field: 'recipient' },
  { name: 'email without @', body: email('user.example.com'), status: 400, field: 'recipient' },
  { name: 'email with spaces', body: email('us er@example.com'), status: 400, field: 'recipient' },
  {
    name: 'email too long',
    body: email(`${'a'.repeat(250)}@example.com`),
    status: 400,
    field: 'recipient',
  },
  { name: 'sms to an email', body: sms('user@example.com'), status: 400, field: 'recipient' },
  { name: 'sms without +', body: sms('14155550123'), status: 400, field: 'recipient' },
  { name: 'sms with letters', body: sms('+1415CALLNOW'), status: 400, field: 'recipient' },
  { name: 'sms over 15 digits', body: sms('+1234567890123456'), status: 400, field: 'recipient' },
  { name: 'recipient a number', body: sms(14155550123), status: 400, field: 'recipient' },
  { name: 'recipient a Mongo operator', body: sms({ $gt: '' }), status: 400, field: 'recipient' },
  { name: 'message missing', body: without('message'), status: 400, field: 'message' },
  { name: 'message empty', body: { ...valid, message: '' }, status: 400, field: 'message' },
  { name: 'message blank', body: { ...valid, message: ' \n\t' }, status: 400, field: 'message' },
  {
    name: 'sms message over 1600',
    body: { ...valid, message: 'x'.repeat(1601) },
    status: 400,
    field: 'message',
  },
  {
    name: 'email message over 10000',
    body: { ...email('a@example.com'), message: 'x'.repeat(10_001) },
    status: 400,
    field: 'message',
  },
  {
    name: 'message an object',
    body: { ...valid, message: { text: 'hi' } },
    status: 400,
    field: 'message',
  },
  {
    name: 'message deeply nested',
    body: { ...valid, message: [[[[['hi']]]]] },
    status: 400,
    field: 'message',
  },
  { name: 'campaign_id missing', body: without('campaign_id'), status: 400, field: 'campaign_id' },
  {
    name: 'campaign_id not a UUID',
    body: { ...valid, campaign_id: 'summer-sale' },
    status: 400,
    field: 'campaign_id',
  },
  {
    name: 'campaign_id a number',
    body: { ...valid, campaign_id: 42 },
    status: 400,
    field: 'campaign_id',
  },
  {
    name: 'campaign_id an operator',
    body: { ...valid, campaign_id: { $ne: null } },
    status: 400,
    field: 'campaign_id',
  },
  {
    name: 'camelCase campaignId',
    body: { ...without('campaign_id'), campaignId: valid.campaign_id },
    status: 400,
    field: 'campaignId',
  },
  { name: 'unknown field', body: { ...valid, priority: 'high' }, status: 400, field: 'priority' },
  {
    name: '__proto__ key',
    body: `{"__proto__":{"admin":true},${JSON.stringify(valid).slice(1)}`,
    status: 400,
    field: '__proto__',
  },
  { name: 'body an array', body: [valid], status: 400, field: '(body)' },
  { name: 'body a JSON string', body: '"hello"', status: 400 },
  { name: 'body null', body: 'null', status: 400 },
  { name: 'body empty object', body: {}, status: 400, field: 'type' },
  { name: 'malformed JSON', body: '{"type": "sms",', status: 400 },
  {
    name: 'text/plain',
    body: JSON.stringify(valid),
    headers: { 'content-type': 'text/plain' },
    status: 415,
  },
  {
    name: 'form encoded',
    body: 'type=sms',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
  },
  { name: 'body over the limit', body: { ...valid, message: 'x'.repeat(100_000) }, status: 413 },
  {
    name: 'Idempotency-Key too long',
    body: valid,
    headers: { 'idempotency-key': 'k'.repeat(300) },
    status: 400,
    field: 'Idempotency-Key',
  },
];

describe('POST /api/v1/notifications with bad input', () => {
  let api: InProcessApi;
  beforeAll(async () => {
    api = await startInProcessApi(isolatedEnv('malformed'));
  });
  afterAll(() => api.stop());

  it.each(cases)('answers $status for $name, naming the field', async (testCase) => {
    const response = await api.post(testCase.body, testCase.headers);
    expect(response.status).toBe(testCase.status);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = errorBodySchema.parse(await response.json());
    if (testCase.field) {
      expect(body.fields?.map((f) => f.field)).toContain(testCase.field);
    }
  });

  it('stored and enqueued nothing for any of them', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(await api.notifications.countDocuments()).toBe(0);
    expect(await api.queue.count()).toBe(0);
  });

  it('reports every bad field at once', async () => {
    const response = await api.post({ type: 'fax', message: '', campaign_id: 'x', extra: 1 });
    const body = errorBodySchema.parse(await response.json());
    expect(body.fields?.map((f) => f.field).sort()).toEqual(
      ['campaign_id', 'extra', 'message', 'recipient', 'type'].sort(),
    );
  });
});

describe('GET endpoints with bad input', () => {
  let api: InProcessApi;
  beforeAll(async () => {
    api = await startInProcessApi(isolatedEnv('malformed-get'));
  });
  afterAll(() => api.stop());

  it.each([
    ['/api/v1/notifications?status=lost', 400, 'status'],
    ['/api/v1/notifications?type=pigeon', 400, 'type'],
    ['/api/v1/notifications?limit=0', 400, 'limit'],
    ['/api/v1/notifications?limit=ten', 400, 'limit'],
    ['/api/v1/notifications?campaign_id=nope', 400, 'campaign_id'],
    ['/api/v1/notifications?cursor=abc', 400, 'cursor'],
    ['/api/v1/notifications?sort=asc', 400, 'sort'],
    ['/api/v1/notifications?status=sent&status=failed', 400, 'status'],
    ['/api/v1/notifications/not-an-id', 400, 'id'],
  ])('GET %s answers %i naming %s', async (path, status, field) => {
    const response = await api.get(path);
    expect(response.status).toBe(status);
    const body = errorBodySchema.parse(await response.json());
    expect(body.fields?.map((f) => f.field)).toContain(field);
  });

  it('answers 404 JSON for an unknown id and an unknown route', async () => {
    for (const path of [
      '/api/v1/notifications/0f8fad5b-d9cb-469f-a165-70867728950e',
      '/api/v1/nothing',
    ]) {
      const response = await api.get(path);
      expect(response.status).toBe(404);
      expect(errorBodySchema.parse(await response.json()).error).toBe('not_found');
    }
  });
});
