import { UnrecoverableError } from 'bullmq';
import type { NotificationRecord } from '@notify/shared/ledger';
import { avoidOpenBreaker } from './avoid-open-breaker';
import { CAMPAIGN_RECHECK_MS } from './campaign-gate';
import type { DeliveryRun } from './delivery-run';
import { plannedWait } from './planned-retry';
import { takeTurn } from './rate-limit-turn';
import { breakerPostponeDelay } from './retry-policy';

/**
 * Claims the notification and clears it for one provider call: an open breaker, its
 * campaign's state and the provider's rate limit may each postpone it, move it on or end it
 * first. The claimed record when it may be sent now; otherwise nothing, the job done.
 */
export async function claimForSend(run: DeliveryRun): Promise<NotificationRecord | undefined> {
  const { deps, id } = run;
  const { store, breaker, policy, routing } = deps;
  // With routing, an open breaker is decided after the claim (which names the chain).
  if (breaker.opened && !routing)
    return await run.postpone(breakerPostponeDelay(policy.breakerResetMs), 'breaker open');
  const claim = await store.claim(id, policy.leaseMs);
  if (claim.kind === 'missing') {
    run.log.warn({}, 'no such notification; job dropped');
    return undefined;
  }
  if (claim.kind === 'terminal') {
    run.log.info({ status: claim.status }, 'already finished; not sent again');
    return undefined;
  }
  if (claim.kind === 'leased') {
    return await run.postpone(
      Math.max(claim.leaseUntil.getTime() - Date.now(), 100),
      'held by another worker',
    );
  }
  const doc = claim.doc;
  run.log = run.log.child({ campaignId: doc.campaignId });
  // A campaign row (it carries a token nonce) exists only once its campaign is imported (the
  // cursor makes it), but the campaign may be paused or cancelled since, and rows an earlier
  // release stored mid-import may still wait for an import that never completes.
  if (doc.tokenNonce) {
    const gate = await deps.campaignGate(doc.campaignId);
    if (gate.kind === 'wait') {
      const why = gate.reason === 'campaign paused' ? 'campaign_paused' : 'campaign_importing';
      const wait = plannedWait(CAMPAIGN_RECHECK_MS, why, deps.provider);
      await store.release(doc, wait.next);
      return await run.postpone(wait.delayMs, gate.reason);
    }
    if (gate.kind === 'cancelled') {
      // Before any provider call, under this worker's claim: it ends cancelled, unsent.
      await store.cancelClaimed(doc);
      run.log.info({}, 'campaign cancelled; not sent');
      return undefined;
    }
    if (gate.kind === 'cancel') {
      await store.failIfUnfinished(id, gate.reason);
      run.log.info({ reason: gate.reason }, 'campaign aborted; not sent');
      throw new UnrecoverableError(gate.reason);
    }
  }
  if (routing && breaker.opened) {
    await avoidOpenBreaker(run, doc);
    return undefined;
  }
  if (deps.limiter) {
    const turn = await takeTurn({ ...deps, limiter: deps.limiter }, doc);
    if (turn.kind === 'moved') {
      run.log.info({ to: turn.to, cause: 'rate_limited' }, 'moved to the next provider');
      return undefined;
    }
    if (turn.kind === 'later') {
      const wait = plannedWait(turn.delayMs, 'rate_limited', deps.provider);
      await store.release(doc, wait.next);
      return await run.postpone(wait.delayMs, 'provider rate limit');
    }
  }
  return doc;
}
