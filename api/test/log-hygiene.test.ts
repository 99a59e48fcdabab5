import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { Router } from 'express';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, maskRecipient } from '@notify/shared';
import {
  newNotification,
  notificationModel,
  type NotificationModel,
} from '@notify/shared/ledger/inspect';
import { readApiConfig } from '../../api/src/config';
import { startApi } from '../../api/src/api-server';
import { createApp } from '../../api/src/http/create-app';
import { authHeaders, isolatedEnv, TEST_API_KEYS_ENTRY } from '../../test/support/test-env';

const RECIPIENT = 'private.person@example.com';
const MESSAGE = `Your secret code is ${randomUUID()}`;

/** A real logger writing into memory, so the test reads exactly what would reach the log. */
function memoryLogger(level = 'info') {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger('log-test', level, sink);
  const find = (msg: string) =>
    lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === msg);
  return { logger, lines, find };
}

/** The error MongoDB gives for an insertMany whose document is already stored. */
async function rejectedBulkWrite(notifications: NotificationModel): Promise<Error> {
  const record = newNotification({
    _id: randomUUID(),
    type: 'email',
    recipient: RECIPIENT,
    message: MESSAGE,
    campaignId: randomUUID(),
    provider: 'flaky',
  });
  await notifications.insertMany([record], { lean: true });
  return notifications.insertMany([record], { lean: true }).then(
    () => {
      throw new Error('the second insert should have been rejected');
    },
    (error: Error) => error,
  );
}

describe('errors in the logs', () => {
  let mongo: mongoose.Connection;
  let notifications: NotificationModel;
  beforeAll(async () => {
    mongo = await mongoose.createConnection(isolatedEnv('log-hygiene').MONGODB_URI).asPromise();
    notifications = notificationModel(mongo);
  });
  afterAll(() => mongo.close());

  it('logs a rejected bulk write with name, message, code and stack but not the document', async () => {
    const error = await rejectedBulkWrite(notifications);
    // The raw error carries the document; that is what must not reach the log.
    expect(JSON.stringify(error)).toContain(RECIPIENT);
    const { logger, lines, find } = memoryLogger();
    logger.error({ err: error }, 'store failed');
    logger.error({ err: new Error('import failed', { cause: error }) }, 'wrapped');
    expect(lines.join('')).not.toContain(RECIPIENT);
    expect(lines.join('')).not.toContain(MESSAGE);

    const err = find('store failed')?.err as Record<string, unknown>;
    expect(err.name).toBe('MongoBulkWriteError');
    expect(err.message).toMatch(/E11000 duplicate key/);
    expect(err.code).toBe(11000);
    expect(err.stack).toMatch(/^MongoBulkWriteError: E11000[^]*\n\s+at /);
    const cause = (find('wrapped')?.err as { cause: Record<string, unknown> }).cause;
    expect(cause.name).toBe('MongoBulkWriteError');
    expect(cause.stack).toMatch(/\n\s+at /);
  });

  it('answers 500 for it and logs no document on the way', async () => {
    const error = await rejectedBulkWrite(notifications);
    const { logger, lines, find } = memoryLogger();
    const api = Router().post('/boom', () => {
      throw error;
    });
    const app = createApp({
      logger,
      bodyLimit: '1kb',
      retryAfterSeconds: 5,
      corsOrigins: [],
      trustProxy: 0,
      authenticate: (_req, _res, next) => next(),
      health: Router(),
      api,
      dashboard: Router(),
    });
    const server = createServer(app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/boom`, { method: 'POST' });
      expect(response.status).toBe(500);
      await expect.poll(() => lines.length).toBeGreaterThanOrEqual(2);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(lines.join('')).not.toContain(RECIPIENT);
    expect(lines.join('')).not.toContain(MESSAGE);
    const err = find('unhandled error')?.err as Record<string, unknown>;
    expect(err.name).toBe('MongoBulkWriteError');
    expect(err.stack).toMatch(/\n\s+at /);
  });

  it('masks the recipient in the bulk replay log', async () => {
    const env = isolatedEnv('replay-log');
    const { logger, lines, find } = memoryLogger();
    const api = await startApi(
      readApiConfig({ ...env, PORT: '0', HOST: '127.0.0.1', API_KEYS: TEST_API_KEYS_ENTRY }),
      logger,
    );
    try {
      const response = await fetch(`${api.url}/api/v1/notifications/retry`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authHeaders },
        body: JSON.stringify({ recipient: RECIPIENT }),
      });
      expect(response.status).toBe(202);
    } finally {
      await api.stop();
    }
    const filter = find('bulk replay')?.filter as Record<string, unknown>;
    expect(filter.recipient).toBe(maskRecipient(RECIPIENT));
    expect(lines.join('')).not.toContain(RECIPIENT);
  });
});
