import type { NotificationRecord } from '@notify/shared/ledger';
import type { DeliveryRun } from './delivery-run';
import { plannedWait } from './planned-retry';
import { failOver } from './provider-routing';
import { breakerPostponeDelay } from './retry-policy';

/** The breaker is open: on to the chain's next provider, else back until it may close. */
export async function avoidOpenBreaker(run: DeliveryRun, doc: NotificationRecord): Promise<void> {
  const { deps } = run;
  const { store, policy, routing } = deps;
  const to = routing ? await failOver(routing, doc, deps.provider, null) : null;
  if (to) return run.log.info({ to, cause: 'breaker_open' }, 'moved to the next provider');
  const wait = plannedWait(
    breakerPostponeDelay(policy.breakerResetMs),
    'breaker_open',
    deps.provider,
  );
  await store.release(doc, wait.next);
  return await run.postpone(wait.delayMs, 'breaker open');
}
