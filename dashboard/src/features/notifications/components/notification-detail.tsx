import { useId } from 'react';
import { ModalDialog } from '../../../components/modal-dialog';
import { StatusBadge } from '../../../components/status-badge';
import { useNotification } from '../api/get-notification';
import { AttemptList } from './attempt-list';
import { NextAttempt } from './next-attempt';
import { RetryButton } from './retry-button';

interface Props {
  id: string;
  onClose(): void;
  /** Where focus goes on close if the row that opened the detail has left the list. */
  fallbackFocus?: () => HTMLElement | null;
}

/** One notification with its whole delivery history, as a modal dialog beside the list. */
export function NotificationDetail({ id, onClose, fallbackFocus }: Props) {
  const detail = useNotification(id);
  const titleId = useId();
  return (
    <ModalDialog
      className="detail"
      labelledBy={titleId}
      onClose={onClose}
      fallbackFocus={fallbackFocus}
    >
      <header>
        <h2 id={titleId}>Notification</h2>
        <button type="button" onClick={onClose} aria-label="Close detail">
          ×
        </button>
      </header>
      {detail.isPending && <p>Loading…</p>}
      {detail.isError && <p role="alert">{detail.error.message}</p>}
      {detail.data && (
        <>
          <dl>
            <dt>Id</dt>
            <dd className="mono">{detail.data.id}</dd>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={detail.data.status} />{' '}
              {detail.data.status === 'failed' && <RetryButton id={detail.data.id} />}
              {detail.data.status === 'retrying' && detail.data.next_attempt && (
                <NextAttempt next={detail.data.next_attempt} />
              )}
            </dd>
            <dt>To</dt>
            <dd className="mono">
              {detail.data.type} · {detail.data.recipient}
            </dd>
            <dt>Provider</dt>
            <dd className="mono">
              {detail.data.delivered_by
                ? `delivered by ${detail.data.delivered_by}`
                : `routed to ${detail.data.provider}`}
            </dd>
            <dt>Campaign</dt>
            <dd className="mono">{detail.data.campaign_id}</dd>
            <dt>Message</dt>
            <dd>{detail.data.message}</dd>
            {detail.data.last_error && (
              <>
                <dt>Last error</dt>
                <dd className="wrap-error">{detail.data.last_error}</dd>
              </>
            )}
          </dl>
          <h3>Attempts</h3>
          <AttemptList attempts={detail.data.attempts} />
          {detail.data.replays.length > 0 && (
            <>
              <h3>Replays</h3>
              <ul>
                {detail.data.replays.map((replay) => (
                  <li key={replay.at}>
                    {new Date(replay.at).toLocaleString()} by {replay.by}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </ModalDialog>
  );
}
