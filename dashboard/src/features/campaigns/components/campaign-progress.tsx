import type { CampaignView } from '@notify/shared';
import { emptyReason } from '../format/empty-reason';
import { formatEta } from '../format/format-eta';

const share = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : 0);

/**
 * Done (sent, failed or cancelled) out of queued, as a bar split by outcome, with the send
 * rate and the time left; an empty campaign says why it has nothing to send.
 */
export function CampaignProgress({ campaign }: { campaign: CampaignView }) {
  const { sent, failed, cancelled, queued, status, eta_seconds: eta } = campaign;
  const done = sent + failed + cancelled;
  const finished = status === 'completed' || status === 'aborted' || status === 'cancelled';
  const empty = queued === 0 && status !== 'importing';
  return (
    <section className="campaign-progress" aria-label="Progress">
      <div
        role="progressbar"
        aria-label="Sending progress"
        aria-valuemin={0}
        aria-valuemax={queued}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${queued} done`}
        className="progress-bar"
      >
        <span className="progress-sent" style={{ width: `${share(sent, queued)}%` }} />
        <span className="progress-failed" style={{ width: `${share(failed, queued)}%` }} />
        <span className="progress-cancelled" style={{ width: `${share(cancelled, queued)}%` }} />
      </div>
      <p>
        <strong data-testid="campaign-done">
          {done} of {queued}
        </strong>{' '}
        done ({Math.floor(share(done, queued))}%)
        {empty && (
          <span data-testid="campaign-empty"> · nothing to send: {emptyReason(campaign)}</span>
        )}
        {status !== 'importing' && !empty && (
          <>
            {' '}
            · <span data-testid="campaign-rate">{campaign.sent_per_minute}</span> sent/min over the
            last minutes
          </>
        )}
        {campaign.not_dispatched > 0 && (
          <span data-testid="campaign-not-dispatched">
            {' '}
            · {campaign.not_dispatched}{' '}
            {finished ? 'never queued' : 'not yet queued (fed as the queue drains)'}
          </span>
        )}
        {status === 'paused' && ' · paused: nothing goes out until it is resumed'}
        {!finished && status !== 'paused' && eta !== 0 && (
          <>
            {' '}
            · time left: <span data-testid="campaign-eta">{formatEta(eta)}</span>
          </>
        )}
      </p>
    </section>
  );
}
