import { useId, useState } from 'react';
import type { CampaignView } from '@notify/shared';
import { ModalDialog } from '../../../components/modal-dialog';
import { useCanWrite } from '../../auth/use-can-write';
import { useCancelCampaign } from '../api/cancel-campaign';
import { usePauseCampaign } from '../api/pause-campaign';
import { useResumeCampaign } from '../api/resume-campaign';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Pause, resume and cancel, for a key that may write (a read-only key sees none of them).
 * Cancel asks first, with how many unsent notifications it will end: it cannot be undone.
 */
export function CampaignControls({ campaign }: { campaign: CampaignView }) {
  const canWrite = useCanWrite();
  const pause = usePauseCampaign();
  const resume = useResumeCampaign();
  const cancel = useCancelCampaign();
  const [confirming, setConfirming] = useState(false);
  const headingId = useId();
  const { status } = campaign;
  const unsent = campaign.in_progress + campaign.not_dispatched;
  const canPause = status === 'sending';
  const canResume = status === 'paused';
  if (!canWrite || !(canPause || canResume)) return null;

  const busy = pause.isPending || resume.isPending || cancel.isPending;
  const failure = pause.error ?? resume.error;
  const close = () => {
    setConfirming(false);
    cancel.reset();
  };
  return (
    <div className="campaign-controls" role="group" aria-label="Campaign controls">
      {canPause && (
        <button type="button" disabled={busy} onClick={() => pause.mutate(campaign.id)}>
          {pause.isPending ? 'Pausing…' : 'Pause sending'}
        </button>
      )}
      {canResume && (
        <button type="button" disabled={busy} onClick={() => resume.mutate(campaign.id)}>
          {resume.isPending ? 'Resuming…' : 'Resume sending'}
        </button>
      )}
      <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
        Cancel campaign…
      </button>
      {failure && <p role="alert">Could not change the campaign: {failure.message}</p>}
      {confirming && (
        <ModalDialog labelledBy={headingId} className="confirm" onClose={close}>
          <h2 id={headingId}>Cancel this campaign?</h2>
          <p data-testid="cancel-count">
            {plural(unsent, 'unsent notification')} will end cancelled and never be sent. A send
            already under way completes. This cannot be undone.
          </p>
          {cancel.isError && <p role="alert">Could not cancel: {cancel.error.message}</p>}
          <div className="confirm-actions">
            <button
              type="button"
              disabled={cancel.isPending}
              onClick={() => cancel.mutate(campaign.id, { onSuccess: close })}
            >
              {cancel.isPending ? 'Cancelling…' : `Cancel ${unsent} unsent`}
            </button>
            <button type="button" onClick={close}>
              Keep the campaign
            </button>
          </div>
        </ModalDialog>
      )}
    </div>
  );
}
