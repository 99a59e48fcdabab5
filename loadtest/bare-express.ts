/**
 * The baseline: Express on the same machine doing only what any JSON endpoint must (parse
 * the body, answer 202). Our intake's rate is reported as a ratio of this one's.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

export async function startBareExpress(): Promise<{ url: string; stop(): Promise<void> }> {
  const app = express();
  app.use(express.json({ limit: '64kb' }));
  app.post('/api/v1/notifications', (_req, res) => {
    res.status(202).json({ id: randomUUID(), status: 'queued' });
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
