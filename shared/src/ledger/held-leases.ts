import type { DeliveryLease } from './delivery-lease';

/**
 * The delivery leases this process holds, by notification id, so the ledger's callers never
 * handle lease tokens.
 */
export function heldLeases(lease: DeliveryLease) {
  const held = new Map<string, string>();
  return {
    keep: (id: string, token: string) => void held.set(id, token),
    /** Lets go of the lease; best effort: a lease that cannot be deleted expires on its own. */
    async letGo(id: string) {
      const token = held.get(id);
      if (!token) return;
      held.delete(id);
      await lease.release(id, token).catch(() => undefined);
    },
    /** Forgets the lease without releasing it: it runs out on its own. */
    forget: (id: string) => void held.delete(id),
  };
}
