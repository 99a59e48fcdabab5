import { StatusBadge } from '../../../components/status-badge';
import { isUnauthorized } from '../../../lib/api-client';
import { ApiKeyPrompt } from '../../auth/api-key-prompt';
import { viewQuery } from '../../navigation/app-view';
import { NavLink } from '../../navigation/nav-link';
import { useCampaign } from '../api/get-campaign';
import { CampaignControls } from './campaign-controls';
import { CampaignCounts } from './campaign-counts';
import { CampaignProgress } from './campaign-progress';
import { InvalidRowsTable } from './invalid-rows-table';

/** One campaign: its progress live, what was read from the file, and what was refused. */
export function CampaignPage({ id }: { id: string }) {
  const detail = useCampaign(id);
  const campaign = detail.data;
  const failure = detail.error;
  return (
    <main className="campaign">
      <NavLink to={viewQuery.campaigns()} className="back">
        ← All campaigns
      </NavLink>
      {failure &&
        (isUnauthorized(failure) ? (
          <ApiKeyPrompt />
        ) : (
          <p role="alert">Could not load the campaign: {failure.message}</p>
        ))}
      {detail.isPending && <p>Loading…</p>}
      {campaign && (
        <>
          <section className="card campaign-summary" aria-label="Campaign">
            <header className="campaign-header">
              <h2>{campaign.name}</h2>
              <StatusBadge status={campaign.status} data-testid="campaign-status" />
              <CampaignControls campaign={campaign} />
            </header>
            {campaign.abort_reason && (
              <p role="alert" className="campaign-aborted">
                Aborted: {campaign.abort_reason}
              </p>
            )}
            <CampaignProgress campaign={campaign} />
            <CampaignCounts campaign={campaign} />
            <NavLink to={viewQuery.campaignNotifications(campaign.id)}>
              Show this campaign&apos;s notifications
            </NavLink>
          </section>
          <dl className="card campaign-template" aria-label="Message">
            <dt>Subject</dt>
            <dd>{campaign.subject}</dd>
            <dt>Body</dt>
            <dd>{campaign.body}</dd>
            <dt>Id</dt>
            <dd className="mono">{campaign.id}</dd>
          </dl>
          <InvalidRowsTable campaign={campaign} />
        </>
      )}
    </main>
  );
}
