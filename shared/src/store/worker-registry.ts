import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Which processors serve which provider, so the api can tell a queue nobody works on from a
 * busy one. One sorted set per provider (member: a processor instance, score: when its
 * heartbeat expires, in Redis's clock so hosts' clocks never disagree). Every command touches
 * one key, so the registry works on Redis Cluster as it is, and it never needs KEYS or SCAN.
 */
export const workersKey = (queuePrefix: string, provider: string): string =>
  `${queuePrefix}:workers:${provider}`;

/** Unique per process start: the host and pid say where it runs, the suffix tells restarts apart. */
export const workerInstanceId = (): string =>
  `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

/**
 * A processor counts as gone after three missed heartbeats: one slow Redis round trip or a
 * long GC pause must not make its queue look abandoned.
 */
const MISSED_BEATS_BEFORE_GONE = 3;

/**
 * A healthy Redis answers a ZREM in about a millisecond; a second is ample, and bounds how
 * long a graceful stop can wait on a Redis that is not there.
 */
const UNREGISTER_TIMEOUT_MS = 1000;

/** Redis's clock in ms; drops the members whose heartbeat has expired. */
const DROP_EXPIRED = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
`;
const REFRESH = `${DROP_EXPIRED}
redis.call('ZADD', KEYS[1], string.format('%d', now + tonumber(ARGV[2])), ARGV[1])`;
const COUNT = `${DROP_EXPIRED}
return redis.call('ZCARD', KEYS[1])`;
const LIST = `${DROP_EXPIRED}
return redis.call('ZRANGE', KEYS[1], 0, -1)`;

/** Marks `instanceId` as serving `provider` for the next `ttlMs`. */
export async function refreshWorker(
  redis: Redis,
  queuePrefix: string,
  provider: string,
  instanceId: string,
  ttlMs: number,
): Promise<void> {
  await redis.eval(REFRESH, 1, workersKey(queuePrefix, provider), instanceId, ttlMs);
}

/** Processors whose heartbeat for `provider` has not expired. */
export async function countWorkers(
  redis: Redis,
  queuePrefix: string,
  provider: string,
): Promise<number> {
  return Number(await redis.eval(COUNT, 1, workersKey(queuePrefix, provider)));
}

/** The instance ids of the processors whose heartbeat for `provider` has not expired. */
export async function liveWorkers(
  redis: Redis,
  queuePrefix: string,
  provider: string,
): Promise<string[]> {
  return (await redis.eval(LIST, 1, workersKey(queuePrefix, provider))) as string[];
}

export interface WorkerRegistration {
  instanceId: string;
  /** Stops the heartbeat and removes this instance at once (a graceful stop). */
  stop(): Promise<void>;
}

/**
 * Registers a processor for its providers and keeps the registration fresh every
 * `heartbeatMs` until `stop()`. A failed heartbeat is logged and retried on the next beat:
 * the registry informs operators, it never stops a processor from delivering.
 */
export async function registerWorkers(
  redis: Redis,
  queuePrefix: string,
  providers: readonly string[],
  heartbeatMs: number,
  logger: Logger,
  /** Given when the process labels other state with it too (its breakers' states). */
  instanceId: string = workerInstanceId(),
): Promise<WorkerRegistration> {
  const ttlMs = heartbeatMs * MISSED_BEATS_BEFORE_GONE;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const beat = async () => {
    await Promise.all(
      providers.map((provider) => refreshWorker(redis, queuePrefix, provider, instanceId, ttlMs)),
    ).catch((error: Error) => {
      logger.warn({ err: error, instanceId }, 'worker heartbeat not written');
    });
    // Chained rather than setInterval, so a slow beat never overlaps the next one; unref'd
    // so the heartbeat alone never keeps a stopping process alive.
    if (!stopped) timer = setTimeout(() => void beat(), heartbeatMs).unref();
  };
  // The first beat is awaited: once start-up returns, the api already sees this processor.
  await beat();

  return {
    instanceId,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      const removed = Promise.all(
        providers.map((provider) => redis.zrem(workersKey(queuePrefix, provider), instanceId)),
      );
      // Bounded so shutdown never waits on an unreachable Redis; the heartbeat then simply
      // expires within its TTL.
      const timeout = new Promise<void>((resolve) =>
        setTimeout(resolve, UNREGISTER_TIMEOUT_MS).unref(),
      );
      await Promise.race([
        removed.catch((error: Error) => {
          logger.warn({ err: error, instanceId }, 'worker not unregistered; it will expire');
        }),
        timeout,
      ]);
    },
  };
}
