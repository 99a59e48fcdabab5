import type { AllowedScan, CheckPolicy } from './query-shape-check';
import { declaredIndexes } from './declared-indexes';

/**
 * Scans we accept on purpose, each with the reason it stays bounded. An entry matches one
 * filter shape exactly (as the command log records it); the end-to-end check fails on an entry
 * that excused nothing, so none outlives its query.
 */
export const ALLOWED_SCANS: AllowedScan[] = [];

/** The project's policy: declared indexes, the scans above, `_id` alone on notifications. */
export const projectPolicy = (): CheckPolicy => ({
  indexes: declaredIndexes(),
  allowlist: ALLOWED_SCANS,
  bareIdCollections: ['notifications'],
});
