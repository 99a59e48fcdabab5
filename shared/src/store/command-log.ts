import { createWriteStream } from 'node:fs';
import type { mongo } from 'mongoose';
import type { Logger } from 'pino';
import { commandShapes, isRecordedCommand } from './command-shape';

export interface CommandLogOptions {
  /** A JSON-lines file, appended to. */
  path: string;
  /** Written on every line, so several apps may share one file. */
  app: string;
}

/**
 * Lines waiting for the disk past which new ones are dropped (and counted): a stalled disk must
 * not grow the heap without bound. 8 MiB is some 40,000 lines, far more than a healthy disk
 * ever lets pile up.
 */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/**
 * A diagnostic: appends the shape of every query and write the client sends (command-shape.ts;
 * never a value) to a file, one JSON line each. The listener only queues a line on a write
 * stream; a write or shaping error is logged once and never reaches the caller. `close` adds
 * a last line `{app, closed: true, dropped, unshaped}`: a reader that sees it knows the file
 * is complete, and whether anything was left out.
 */
export function recordCommands(
  client: mongo.MongoClient,
  options: CommandLogOptions,
  logger: Logger,
) {
  const out = createWriteStream(options.path, { flags: 'a' });
  let broken = false;
  let dropped = 0;
  let unshaped = 0;
  const warned = new Set<string>();
  const warnOnce = (what: string, error?: unknown) => {
    if (warned.has(what)) return;
    warned.add(what);
    const err = error === undefined || error instanceof Error ? error : new Error(String(error));
    logger.warn({ err, path: options.path }, `mongodb command log: ${what}`);
  };
  out.on('error', (error) => {
    broken = true;
    warnOnce('file not writable; recording stopped', error);
  });

  const onStarted = (event: mongo.CommandStartedEvent) => {
    if (broken || !isRecordedCommand(event.commandName)) return;
    if (out.writableLength > MAX_BUFFERED_BYTES) {
      dropped += 1;
      warnOnce('disk too slow; dropping lines');
      return;
    }
    try {
      for (const shape of commandShapes(event.commandName, event.command))
        out.write(`${JSON.stringify({ app: options.app, ...shape })}\n`);
    } catch (error) {
      unshaped += 1;
      warnOnce('a command could not be shaped; skipped', error);
    }
  };
  client.on('commandStarted', onStarted);

  return {
    close() {
      client.off('commandStarted', onStarted);
      if (broken || out.writableEnded) return;
      out.end(`${JSON.stringify({ app: options.app, closed: true, dropped, unshaped })}\n`);
    },
  };
}
