import { z } from 'zod';

/**
 * The Redis key prefix of every queue and ledger key: lets several environments share one
 * Redis without seeing each other. Wrapped in braces (`{notify}`) it is a Redis Cluster hash
 * tag, and every key of the platform then hashes to one slot (see docs/architecture.md).
 */
export const queuePrefixSchema = z
  .string()
  .regex(/^(\{[\w-]+\}|[\w-]+)$/, 'letters, digits, _ and -, optionally inside {} (a hash tag)')
  .default('notify');
