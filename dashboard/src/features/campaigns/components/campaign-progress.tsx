import type { CampaignView } from '@notify/shared';
import { formatEta } from '../format/format-eta';

const share = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : 0);

/** Done (sent or failed) out of queued, as a bar split by outcome, with the time left. */
export function CampaignProgress({ campaign }: { campaign: CampaignView }) {
  const { sent, failed, queued, status, eta_seconds: eta } = campaign;
  const done = sent + failed;
  const finished = status === 'completed' || status === 'aborted';
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
      </div>
      <p>
        <strong data-testid="campaign-done">
          {done} of {queued}
        </strong>{' '}
        done ({Math.floor(share(done, queued))}%)
        {!finished && eta !== 0 && (
          <>
            {' '}
            · time left: <span data-testid="campaign-eta">{formatEta(eta)}</span>
          </>
        )}
      </p>
    </section>
  );
}
