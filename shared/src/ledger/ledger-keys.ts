/**
 * Every ledger key starts with the queue prefix inside a hash tag (`{notify}:…`), so on a
 * Redis Cluster all of them hash to one slot and the filing script, which touches every
 * view set of a notification at once, stays legal. A prefix that already carries a tag is used as it is.
 */
export const ledgerKeyPrefix = (queuePrefix: string): string =>
  /\{[^}]+\}/.test(queuePrefix) ? `${queuePrefix}:ledger` : `{${queuePrefix}}:ledger`;
