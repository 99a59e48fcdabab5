import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';

export interface MongoOptions {
  uri: string;
  /** How long an operation waits for a reachable server before failing (and the api says 503). */
  serverSelectionTimeoutMS: number;
}

/**
 * A connection of its own (not mongoose's global one), so a process or a test can hold
 * several. autoIndex is off: indexes are created once, explicitly, by `ensureIndexes`.
 * bufferCommands is off: while MongoDB is away, calls fail fast instead of queueing in memory.
 */
export async function connectMongo(options: MongoOptions, logger: Logger): Promise<Connection> {
  const connection = mongoose.createConnection(options.uri, {
    autoIndex: false,
    autoCreate: false,
    bufferCommands: false,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS,
  });
  connection.on('disconnected', () => logger.warn({}, 'mongodb disconnected'));
  connection.on('reconnected', () => logger.info({}, 'mongodb reconnected'));
  await connection.asPromise();
  return connection;
}

export async function ensureIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(connection.models)) {
    await model.createCollection().catch((error: { codeName?: string }) => {
      if (error.codeName !== 'NamespaceExists') throw error;
    });
    await model.createIndexes();
  }
}

/** True when MongoDB answers a ping within the connection's selection timeout. */
export async function pingMongo(connection: Connection): Promise<boolean> {
  try {
    await connection.db?.admin().ping();
    return connection.db !== undefined;
  } catch {
    return false;
  }
}
