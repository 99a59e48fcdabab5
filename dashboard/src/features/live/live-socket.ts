import { io } from 'socket.io-client';

/** The part of a Socket.IO client the dashboard uses; tests hand in a fake. */
export interface LiveSocket {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  readonly connected: boolean;
}

/**
 * Same origin: in production the api (or nginx) serves both the page and /socket.io.
 * The token is read at each (re)connection, so a key entered later is used on the next one.
 */
export const createLiveSocket = (token: () => string | null): LiveSocket =>
  io({ transports: ['websocket', 'polling'], auth: (send) => send({ token: token() }) });
