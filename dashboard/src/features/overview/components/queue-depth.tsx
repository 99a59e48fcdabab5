import type { QueueDepth } from '@notify/shared';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// BullMQ keeps a failed job after its notification is replayed and sent, so this figure is
// not the dead-letter count: the header's FAILED (the ledger) is.
const FAILED_JOBS_HINT =
  'Jobs BullMQ kept as failed, including those whose notification was later replayed and ' +
  'sent. Notifications that are failed now: the FAILED counter.';

/**
 * One delivery queue's depth and how many processors serve it. A queue holding jobs that no
 * processor serves only grows (a channel routed to a provider nobody runs), so it says so.
 */
export function QueueDepthRow({ queue }: { queue: QueueDepth }) {
  const pending = queue.waiting + queue.delayed;
  const stranded = queue.workers === 0 && pending > 0;
  return (
    <dl aria-label={`Queue ${queue.provider}`}>
      <dt>
        queue {queue.provider}
        {stranded && (
          <span
            role="status"
            className="no-worker"
            aria-label={`No worker: no processor serves ${queue.provider}; ${plural(pending, 'job')} waiting`}
          >
            no worker
          </span>
        )}
      </dt>
      <dd>
        {queue.waiting} waiting · {queue.active} active · {queue.delayed} delayed ·{' '}
        <abbr className="queue-failed-jobs" title={FAILED_JOBS_HINT}>
          {plural(queue.failed, 'failed job')} (queue history)
        </abbr>{' '}
        · {plural(queue.workers, 'worker')}
      </dd>
    </dl>
  );
}
