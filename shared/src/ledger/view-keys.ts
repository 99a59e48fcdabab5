import type { Channel, NotificationStatus } from '../notifications/notification-status';
import { ledgerKeyPrefix } from './ledger-keys';

/**
 * The names of the views' sorted sets (status-views.ts says what each holds). Every one
 * starts with the ledger's hash-tagged prefix, so a filing script's keys share a slot.
 */
export function viewKeys(queuePrefix: string) {
  const base = `${ledgerKeyPrefix(queuePrefix)}:view`;
  return {
    statusKey: (status: NotificationStatus) => `${base}:s:${status}`,
    typeKey: (type: Channel, status: NotificationStatus) => `${base}:t:${type}:${status}`,
    campaignKey: (campaignId: string, status: NotificationStatus) =>
      `${base}:c:${campaignId}:${status}`,
    /** By last change: scored by updatedAt (ms), for "most recently updated first". */
    updatedKey: (status: NotificationStatus) => `${base}:u:${status}`,
    updatedTypeKey: (type: Channel, status: NotificationStatus) => `${base}:ut:${type}:${status}`,
    touchedKey: `${base}:touched`,
    recentSentKey: (campaignId: string) => `${base}:c:${campaignId}:recent-sent`,
  };
}

export type ViewKeys = ReturnType<typeof viewKeys>;
