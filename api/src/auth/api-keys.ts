import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const SCOPES = ['read', 'write'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKey {
  name: string;
  scopes: Scope[];
  hash: Buffer;
}

/**
 * API_KEYS holds hashes only, never keys: `name:scopes:sha256hex` entries, comma-separated,
 * scopes `read`, `write` or `read+write`. `npm run api-key -- <name> <scopes>` makes one.
 */
const entrySchema = z
  .string()
  .regex(/^[\w.-]{1,64}:(read|write|read\+write|write\+read):[0-9a-f]{64}$/, {
    message: 'each entry must be name:read|write|read+write:<64 hex sha256>',
  })
  .transform((entry): ApiKey => {
    const [name = '', scopes = '', hash = ''] = entry.split(':');
    return { name, scopes: scopes.split('+') as Scope[], hash: Buffer.from(hash, 'hex') };
  });

export const apiKeysSchema = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean),
  )
  .pipe(z.array(entrySchema));

export const hashKey = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/**
 * Finds the key a caller presented. Every configured hash is compared, in constant time and
 * without stopping at a match, so timing reveals neither which key matched nor how much.
 */
export function findKey(keys: ApiKey[], presented: string): ApiKey | null {
  const candidate = hashKey(presented);
  let found: ApiKey | null = null;
  for (const key of keys) {
    if (timingSafeEqual(candidate, key.hash) && !found) found = key;
  }
  return found;
}
