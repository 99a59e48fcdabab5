import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';
import { recordCommands, type CommandLogOptions } from './command-log';

export interface MongoOptions {
  uri: string;
  /** How long an operation waits for a reachable server before failing (and the api says 503). */
  serverSelectionTimeoutMS: number;
  /** Diagnostic: append the shape of every query and write to a file (command-log.ts). */
  commandLog?: CommandLogOptions;
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
    // Only while diagnosing: monitoring costs an event per command.
    ...(options.commandLog ? { monitorCommands: true } : {}),
  });
  connection.on('disconnected', () => logger.warn({}, 'mongodb disconnected'));
  connection.on('reconnected', () => logger.info({}, 'mongodb reconnected'));
  await connection.asPromise();
  if (options.commandLog) {
    const log = recordCommands(connection.getClient(), options.commandLog, logger);
    connection.on('close', () => log.close());
  }
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
