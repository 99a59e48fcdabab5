import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@notify/shared';
import { startSmtpSink, type RunningSmtpSink } from '../../../mock-api/src/smtp-sink/smtp-sink';
import { resultFromError } from '../../src/delivery/attempt-result';
import { postJson } from '../../src/providers/post-json';
import type { OutboundMessage } from '../../src/providers/provider';
import {
  PermanentProviderError,
  TransientProviderError,
} from '../../src/providers/provider-errors';
import {
  smtpProvider,
  type SmtpOptions,
  type SmtpProvider,
} from '../../src/providers/smtp/smtp-provider';

const USER = 'smtp-adapter-test';
const PASSWORD = 'smtp-adapter-test-password';

/** The adapter against a real SMTP server (mock-api's smtp-server sink), never a stub. */
describe('the SMTP provider', () => {
  let sink: RunningSmtpSink | undefined;
  let provider: SmtpProvider | undefined;
  let httpServer: Server | undefined;
  afterEach(async () => {
    provider?.close();
    await sink?.stop();
    await new Promise((resolve) => (httpServer ? httpServer.close(resolve) : resolve(null)));
    [sink, provider, httpServer] = [undefined, undefined, undefined];
  });

  const startSink = async (credentials: { username?: string; password?: string } = {}) => {
    sink = await startSmtpSink(
      { port: 0, host: '127.0.0.1', keepMessages: true, ...credentials },
      createLogger('smtp-sink-test', 'silent'),
    );
    return sink;
  };
  const adapter = (port: number, overrides: Partial<SmtpOptions> = {}) => {
    provider = smtpProvider({
      host: '127.0.0.1',
      port,
      tls: 'opportunistic',
      auth: null,
      from: 'Notify <notify@notify.test>',
      poolSize: 2,
      messageIdDomain: 'notify.test',
      timeoutMs: 5000,
      ...overrides,
    });
    return provider;
  };
  const email = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
    notificationId: '6650f1c2a1b2c3d4e5f60718',
    type: 'email',
    recipient: 'ana@example.com',
    subject: 'Welcome',
    message: 'Hello Ana',
    ...overrides,
  });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (e: unknown) => e,
    );

  it('delivers with a Message-ID derived from the notification id, the same on a resend', async () => {
    const { port, stats } = await startSink();
    const smtp = adapter(port);
    const receipt = await smtp.send(email());
    expect(receipt).toEqual({
      httpStatus: 250,
      providerMessageId: '<6650f1c2a1b2c3d4e5f60718@notify.test>',
    });
    await smtp.send(email());
    const listing = stats.listing();
    expect(listing).toMatchObject({ received: 2, uniqueMessageIds: 1, duplicates: 1 });
    expect(listing.duplicatedMessageIds).toEqual({ '<6650f1c2a1b2c3d4e5f60718@notify.test>': 2 });
    const [message] = stats.messages();
    expect(message).toMatchObject({ from: 'notify@notify.test', to: ['ana@example.com'] });
    expect(message!.raw).toMatch(/^Subject: Welcome\r$/m);
    expect(message!.raw).toContain('Hello Ana');
    expect(message!.raw).not.toMatch(/^X-Mailer:/im);
  });

  it('sends many at once over its pool of connections', async () => {
    const { port, stats } = await startSink();
    const smtp = adapter(port);
    const sends = Array.from({ length: 20 }, (_, i) =>
      smtp.send(email({ notificationId: `n-${i}`, recipient: `r${i}@example.com` })),
    );
    expect((await Promise.all(sends)).every((r) => r.httpStatus === 250)).toBe(true);
    expect(stats.summary()).toMatchObject({ received: 20, uniqueMessageIds: 20, duplicates: 0 });
  });

  it('logs in when the server asks for credentials, and fails bad ones permanently (535)', async () => {
    const { port, stats } = await startSink({ username: USER, password: PASSWORD });
    const good = await adapter(port, { auth: { user: USER, pass: PASSWORD } }).send(email());
    expect(good.httpStatus).toBe(250);
    provider?.close();

    const error = await failure(
      adapter(port, { auth: { user: USER, pass: 'wrong' } }).send(email()),
    );
    expect(error).toBeInstanceOf(PermanentProviderError);
    expect(error).toMatchObject({ httpStatus: 535 });
    expect(stats.summary()).toMatchObject({ received: 1, authFailures: 1 });
  });

  it('treats a 451 greylisting reply as transient, and the next try goes through', async () => {
    const { port, stats, behaviour } = await startSink();
    behaviour.script('ana@example.com', ['greylist']);
    const smtp = adapter(port);
    const error = await failure(smtp.send(email()));
    expect(error).toBeInstanceOf(TransientProviderError);
    expect(error).toMatchObject({ httpStatus: 451 });
    expect((await smtp.send(email())).httpStatus).toBe(250);
    expect(stats.summary()).toMatchObject({ greylisted: 1, received: 1 });
  });

  it('fails a 550 rejection permanently, and the pooled connection keeps working', async () => {
    const { port, stats, behaviour } = await startSink();
    behaviour.script('gone@example.com', ['reject']);
    const smtp = adapter(port, { poolSize: 1 });
    const error = await failure(smtp.send(email({ recipient: 'gone@example.com' })));
    expect(error).toBeInstanceOf(PermanentProviderError);
    expect(error).toMatchObject({ httpStatus: 550 });
    expect((error as Error).message).not.toContain('gone@example.com');
    expect((await smtp.send(email())).httpStatus).toBe(250);
    expect(stats.summary()).toMatchObject({ rejected: 1, received: 1 });
  });

  it('reports a connection lost after the data as maybe delivered, classified like a timeout', async () => {
    const { port, stats, behaviour } = await startSink();
    behaviour.script('ana@example.com', ['drop-after-data']);
    const error = await failure(adapter(port).send(email()));
    expect(stats.summary()).toMatchObject({ received: 1, droppedAfterData: 1 });
    expect((error as Error).message).toContain('may have been delivered');

    // An HTTP provider's timeout, as post-json.ts reports it today.
    httpServer = createServer(() => undefined);
    await new Promise<void>((resolve) => httpServer!.listen(0, '127.0.0.1', resolve));
    const url = new URL(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/send`);
    const timeout = await failure(postJson(url, {}, 100));
    httpServer.closeAllConnections();

    expect(error?.constructor).toBe(timeout?.constructor);
    // Same outcome, status and retry hint: the same road through the retry policy and breaker.
    const at = new Date();
    const smtpResult = { ...resultFromError(error, 1, at), error: null };
    const httpResult = { ...resultFromError(timeout, 1, at), error: null };
    expect(smtpResult).toEqual(httpResult);
    expect(smtpResult).toMatchObject({ outcome: 'transient', httpStatus: null });
  });

  it('reports a connection lost before the data as transient, not as maybe delivered', async () => {
    const { port, stats, behaviour } = await startSink();
    behaviour.script('ana@example.com', ['drop-before-data']);
    const error = await failure(adapter(port).send(email()));
    expect(error).toBeInstanceOf(TransientProviderError);
    expect(error).toMatchObject({ httpStatus: null });
    expect((error as Error).message).not.toContain('may have been delivered');
    expect(stats.summary()).toMatchObject({ received: 0, droppedBeforeData: 1 });
  });

  it('treats a refused connection as transient', async () => {
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(adapter(port).send(email()));
    expect(error).toBeInstanceOf(TransientProviderError);
    expect(error).toMatchObject({ httpStatus: null });
    expect((error as Error).message).not.toContain('may have been delivered');
  });

  it('refuses a subject or recipient carrying CR/LF, permanently, and sends nothing', async () => {
    const { port, stats } = await startSink();
    const smtp = adapter(port);
    for (const overrides of [
      { subject: 'Hi\r\nBcc: victim@example.com' },
      { subject: 'Hi\nBcc: victim@example.com' },
      { recipient: 'ana@example.com\r\nBcc: victim@example.com' },
      { recipient: 'ana@example.com, victim@example.com' },
    ]) {
      const error = await failure(smtp.send(email(overrides)));
      expect(error, JSON.stringify(overrides)).toBeInstanceOf(PermanentProviderError);
    }
    expect(stats.summary().received).toBe(0);
  });

  it('refuses to send an SMS, permanently', async () => {
    const { port } = await startSink();
    const error = await failure(
      adapter(port).send(email({ type: 'sms', recipient: '+14155550123', subject: null })),
    );
    expect(error).toBeInstanceOf(PermanentProviderError);
  });

  it('sends nothing in clear text when STARTTLS is required and the server refuses it', async () => {
    const { port, stats } = await startSink();
    const error = await failure(adapter(port, { tls: 'starttls' }).send(email()));
    // The server's 5xx to STARTTLS: this provider cannot take the message as configured.
    expect(error).toBeInstanceOf(PermanentProviderError);
    expect(stats.summary().received).toBe(0);
  });
});
