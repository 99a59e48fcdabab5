import type { ReactNode } from 'react';
import type { NotificationStatus, QueueDepth } from '@notify/shared';
import { NavLink } from '../../navigation/nav-link';
import { searchFromFilters } from '../../notifications/filters/notification-filters';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// BullMQ keeps a failed job after its notification is replayed and sent, so this figure is
// not the dead-letter count: the header's FAILED (the ledger) is.
const FAILED_JOBS_HINT =
  'Jobs BullMQ kept as failed, including those whose notification was later replayed and ' +
  'sent. Notifications that are failed now: the FAILED counter.';

/**
 * A queue figure links to the nearest list the api can filter: the notifications in the
 * matching status. That list spans every provider (there is no provider filter: the views
 * are kept per status, type and campaign), and a job count is not a notification count, so
 * the link says both rather than pretend to be this queue's list.
 */
function FigureLink({ status, children }: { status: NotificationStatus; children: ReactNode }) {
  return (
    <NavLink
      to={searchFromFilters({ status })}
      className="queue-figure"
      title={`Show ${status} notifications (all providers)`}
    >
      {children}
    </NavLink>
  );
}

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
        <FigureLink status="queued">{queue.waiting} waiting</FigureLink> ·{' '}
        <FigureLink status="processing">{queue.active} active</FigureLink> ·{' '}
        <FigureLink status="retrying">{queue.delayed} delayed</FigureLink> ·{' '}
        <FigureLink status="failed">
          <abbr className="queue-failed-jobs" title={FAILED_JOBS_HINT}>
            {plural(queue.failed, 'failed job')} (queue history)
          </abbr>
        </FigureLink>{' '}
        · {plural(queue.workers, 'worker')}
      </dd>
    </dl>
  );
}
