import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@notify/shared';
import { readMockConfig } from '../src/config';
import { startMockApi, type RunningMockApi } from '../src/mock-server';

const USER = 'sink-user';
const PASSWORD = 'sink-test-password';

let running: RunningMockApi[] = [];
afterEach(async () => {
  await Promise.all(running.map((m) => m.stop()));
  running = [];
});

async function start(env: Record<string, string> = {}) {
  const mock = await startMockApi(
    readMockConfig({ PORT: '0', HOST: '127.0.0.1', MOCK_SMTP_PORT: '0', ...env }),
    createLogger('smtp-sink-test', 'silent'),
  );
  running.push(mock);
  /** One message over a fresh (unpooled) connection, as any SMTP client would send it. */
  const send = (
    to: string,
    messageId = `<${to}@notify.test>`,
    auth?: { user: string; pass: string },
  ) =>
    nodemailer
      .createTransport({
        host: '127.0.0.1',
        port: mock.smtpPort!,
        ignoreTLS: true,
        ...(auth ? { auth } : {}),
      })
      .sendMail({ from: 'notify@notify.test', to, subject: 'Hi', text: 'Hello', messageId });
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (e: { responseCode?: number; code?: string }) => e.responseCode ?? e.code,
    );
  const json = async (path: string, init?: RequestInit) =>
    (await (await fetch(`${mock.url}${path}`, init)).json()) as Record<string, unknown>;
  const control = (path: string, method: string, body: unknown) =>
    fetch(`${mock.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return { mock, send, refusal, json, control };
}

describe('the SMTP sink', () => {
  it('runs only when MOCK_SMTP_PORT is set', async () => {
    const mock = await startMockApi(
      readMockConfig({ PORT: '0', HOST: '127.0.0.1' }),
      createLogger('smtp-sink-test', 'silent'),
    );
    running.push(mock);
    expect(mock.smtpPort).toBeNull();
    expect(await (await fetch(`${mock.url}/stats`)).json()).not.toHaveProperty('smtp');
    expect((await fetch(`${mock.url}/stats/smtp`)).status).toBe(404);
  });

  it('accepts mail and lists it with masked recipients, counting duplicates by Message-ID', async () => {
    const { send, json } = await start();
    await send('ana@example.com', '<n-1@notify.test>');
    await send('ana@example.com', '<n-1@notify.test>');
    await send('bob@example.com', '<n-2@notify.test>');

    expect((await json('/stats')).smtp).toMatchObject({
      received: 3,
      uniqueMessageIds: 2,
      duplicates: 1,
    });
    const listing = await json('/stats/smtp');
    expect(listing.duplicatedMessageIds).toEqual({ '<n-1@notify.test>': 2 });
    const last = listing.last as { messageId: string; to: string[] }[];
    expect(last.map((m) => m.messageId)).toEqual([
      '<n-2@notify.test>',
      '<n-1@notify.test>',
      '<n-1@notify.test>',
    ]);
    expect(last[0]!.to).toEqual(['bo***@example.com']);
    expect(JSON.stringify(listing)).not.toContain('bob@example.com');

    const { messages } = (await json('/stats/smtp/messages')) as { messages: { raw: string }[] };
    expect(messages[2]!.raw).toContain('Hello');
  });

  it('requires AUTH when credentials are configured: 530 without, 535 with wrong ones', async () => {
    const { send, refusal, json } = await start({
      MOCK_SMTP_USER: USER,
      MOCK_SMTP_PASSWORD: PASSWORD,
    });
    expect(await refusal(send('ana@example.com'))).toBe(530);
    expect(await refusal(send('ana@example.com', undefined, { user: USER, pass: 'no' }))).toBe(535);
    expect(
      await refusal(send('ana@example.com', undefined, { user: USER, pass: PASSWORD })),
    ).toBeNull();
    expect((await json('/stats')).smtp).toMatchObject({ received: 1, authFailures: 1 });
  });

  it('greylists, rejects or drops as the test steers it, per recipient or for everyone', async () => {
    const { send, refusal, json, control } = await start();
    await control('/control/smtp/script', 'POST', {
      recipient: 'ana@example.com',
      behaviours: ['greylist', 'reject', 'drop-before-data', 'drop-after-data'],
    });
    expect(await refusal(send('ana@example.com'))).toBe(451);
    expect(await refusal(send('ana@example.com'))).toBe(550);
    expect(await refusal(send('ana@example.com'))).toBe('ECONNECTION');
    expect(await refusal(send('ana@example.com'))).toBe('ECONNECTION');
    expect(await refusal(send('ana@example.com'))).toBeNull();
    expect((await json('/stats')).smtp).toMatchObject({
      greylisted: 1,
      rejected: 1,
      droppedBeforeData: 1,
      droppedAfterData: 1,
      // The dropped-after-data message did arrive: its sender just never heard so.
      received: 2,
      duplicates: 1,
    });

    await control('/control/smtp/mode', 'PUT', { behaviour: 'greylist' });
    expect(await refusal(send('bob@example.com'))).toBe(451);
    expect((await control('/control/smtp/mode', 'PUT', { behaviour: 'bounce' })).status).toBe(400);

    await control('/control/reset', 'POST', {});
    expect(await refusal(send('bob@example.com'))).toBeNull();
    expect((await json('/stats')).smtp).toMatchObject({ received: 1, greylisted: 0 });
  });

  it('offers no steering and no whole messages with control off', async () => {
    const { mock, send, control } = await start({ MOCK_CONTROL_ENABLED: 'false' });
    await send('ana@example.com');
    expect((await fetch(`${mock.url}/stats/smtp`)).status).toBe(200);
    expect((await fetch(`${mock.url}/stats/smtp/messages`)).status).toBe(404);
    expect((await control('/control/smtp/mode', 'PUT', { behaviour: 'reject' })).status).toBe(404);
  });

  it('refuses a user without a password in its configuration', () => {
    expect(() => readMockConfig({ MOCK_SMTP_PORT: '0', MOCK_SMTP_USER: USER })).toThrow(
      /MOCK_SMTP_PASSWORD/,
    );
  });
});
