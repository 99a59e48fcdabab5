import type { Logger } from 'pino';
import { ConfigError } from '../config/load-config';
import { createLogger } from '../logging/create-logger';
import { CLOSE_STEP_MS } from './settle-within';

/**
 * Past its grace a service still unregisters and closes connections, each step bounded by
 * CLOSE_STEP_MS (four steps at most, 1 s each); one more second to spare, so SIGTERM ends a
 * process within grace + 5 s.
 */
export const SHUTDOWN_MARGIN_MS = 4 * CLOSE_STEP_MS + 1000;

export interface StoppableService {
  stop(): Promise<void>;
}

export interface ServiceDefinition<C extends { LOG_LEVEL: string }> {
  /** Parses the environment; a ConfigError is printed as a list and the process exits 1. */
  readConfig(): C;
  /** How long stop() may wait for in-flight work (requests, sends) before it cuts it off. */
  graceMs(config: C): number;
  start(config: C, logger: Logger): Promise<StoppableService>;
}

/**
 * The one process shell every app runs in: reads its config, starts it, and on SIGTERM or
 * SIGINT stops it under a hard deadline (grace + margin). Missing the deadline exits 1, as
 * does a second signal, so no dependency can keep a process from ending.
 */
export function runService<C extends { LOG_LEVEL: string }>(
  name: string,
  definition: ServiceDefinition<C>,
): void {
  let config: C;
  try {
    config = definition.readConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
  const logger = createLogger(name, config.LOG_LEVEL);
  const started = definition.start(config, logger);
  started.catch((error: unknown) => {
    logger.fatal({ err: error }, 'could not start');
    process.exit(1);
  });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    const deadlineMs = definition.graceMs(config) + SHUTDOWN_MARGIN_MS;
    const since = Date.now();
    logger.info({ signal, deadlineMs }, 'shutting down');
    setTimeout(() => {
      logger.error({ deadlineMs }, 'shutdown deadline passed: exiting with work unfinished');
      process.exit(1);
    }, deadlineMs);
    // A signal during start-up waits for the start to finish, then stops what it started.
    started
      .then((service) => service.stop())
      .then(
        () => {
          logger.info({ ms: Date.now() - since }, 'stopped');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'stop failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
