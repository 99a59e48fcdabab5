import { useId, useState } from 'react';
import { BULK_REPLAY_MAX, type BulkReplayRequest } from '@notify/shared';
import { ModalDialog } from '../../../components/modal-dialog';
import { useCanWrite } from '../../auth/use-can-write';
import { useOverview } from '../../overview/api/get-overview';
import { useReplayFailed } from '../api/replay-failed';
import { createdRange, type NotificationFilters } from '../filters/notification-filters';

// The api's own cap per request: one confirmation replays as many as it allows.
const LIMIT = BULK_REPLAY_MAX;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * How many the replay will touch. The ledger counts failed notifications exactly but not per
 * type, campaign or recipient, so only the status-only view knows its count; any narrower
 * filter can only say "up to" (no more than are failed, nor than the request's limit).
 */
function countText(filters: NotificationFilters, failed: number | undefined): string {
  const narrowed = Boolean(
    filters.type ??
    filters.campaign_id ??
    filters.recipient ??
    filters.range ??
    filters.created_after ??
    filters.created_before,
  );
  if (failed === undefined) return `up to ${LIMIT} failed notifications`;
  if (!narrowed) {
    return failed > LIMIT
      ? `the first ${LIMIT} of ${failed} failed notifications`
      : plural(failed, 'failed notification');
  }
  return `up to ${plural(Math.min(failed, LIMIT), 'failed notification')}`;
}

const requestFor = (filters: NotificationFilters): BulkReplayRequest => {
  const range = createdRange(filters);
  return {
    type: filters.type,
    campaign_id: filters.campaign_id,
    recipient: filters.recipient,
    created_after: range.after,
    created_before: range.before,
    limit: LIMIT,
  };
};

/**
 * "Retry all failed matching this filter": shown on the failed view to a key that may write,
 * it asks first (with the count), then replays and says what happened.
 */
export function ReplayFailedButton({ filters }: { filters: NotificationFilters }) {
  const canWrite = useCanWrite();
  const failed = useOverview().data?.stats.by_status.failed;
  const replay = useReplayFailed();
  const [open, setOpen] = useState(false);
  const headingId = useId();
  if (!canWrite || filters.status !== 'failed') return null;

  const close = () => {
    setOpen(false);
    replay.reset();
  };
  return (
    <>
      <button type="button" className="replay-failed" onClick={() => setOpen(true)}>
        Retry all failed matching this filter
      </button>
      {open && (
        <ModalDialog labelledBy={headingId} className="confirm" onClose={close}>
          <h2 id={headingId}>Retry failed notifications</h2>
          {replay.isSuccess ? (
            <p role="status">
              Replayed {replay.data.replayed}
              {replay.data.skipped_aborted > 0 &&
                `; ${replay.data.skipped_aborted} skipped (their campaign was aborted)`}
              .
            </p>
          ) : (
            <p>
              Replay {countText(filters, failed)} matching this filter, each with fresh attempts?
            </p>
          )}
          {replay.isError && <p role="alert">Could not replay: {replay.error.message}</p>}
          <div className="confirm-actions">
            {!replay.isSuccess && (
              <button
                type="button"
                disabled={replay.isPending}
                onClick={() => replay.mutate(requestFor(filters))}
              >
                {replay.isPending ? 'Replaying…' : 'Retry all'}
              </button>
            )}
            <button type="button" onClick={close}>
              {replay.isSuccess ? 'Close' : 'Cancel'}
            </button>
          </div>
        </ModalDialog>
      )}
    </>
  );
}
