import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { SOCKET_EVENTS, type NotificationSummary } from '@notify/shared';
import type { ApiKey } from '../auth/api-keys';
import { findKey } from '../auth/api-keys';
import type { OverviewService } from './overview-service';

/**
 * Socket.IO on the api's HTTP server. Pushes go to every client; filtering is the client's
 * (it must also drop rows that stop matching, which only it can judge against its cache).
 */
export function socketServer(
  http: HttpServer,
  overview: OverviewService,
  overviewEveryMs: number,
  auth: { keys: ApiKey[]; disabled: boolean; corsOrigins: string[] },
  logger: Logger,
) {
  const io = new Server(http, {
    serveClient: false,
    cors: auth.corsOrigins.length > 0 ? { origin: auth.corsOrigins } : undefined,
  });
  // The same keys as REST: a socket sees every notification, so it needs read access.
  io.use((socket, next) => {
    if (auth.disabled) return next();
    const token: unknown = socket.handshake.auth.token;
    const key = typeof token === 'string' ? findKey(auth.keys, token) : null;
    if (key?.scopes.includes('read')) return next();
    next(new Error('unauthorized'));
  });
  io.on('connection', (socket) => {
    logger.debug({ socketId: socket.id }, 'dashboard connected');
    // A new client gets the header at once rather than after the next tick.
    overview.get().then(
      (value) => socket.emit(SOCKET_EVENTS.overview, value),
      () => undefined,
    );
  });

  const timer = setInterval(() => {
    if (io.engine.clientsCount === 0) return;
    overview.get().then(
      (value) => io.emit(SOCKET_EVENTS.overview, value),
      (error: unknown) => logger.warn({ err: error }, 'overview push skipped'),
    );
  }, overviewEveryMs);

  return {
    notifications: (items: NotificationSummary[]) =>
      io.emit(SOCKET_EVENTS.notifications, { items }),
    resync: () => io.emit(SOCKET_EVENTS.resync),
    async stop() {
      clearInterval(timer);
      await io.close();
    },
  };
}
