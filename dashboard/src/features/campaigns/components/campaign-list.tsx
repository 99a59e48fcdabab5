import { StatusBadge } from '../../../components/status-badge';
import { isUnauthorized } from '../../../lib/api-client';
import { ApiKeyPrompt } from '../../auth/api-key-prompt';
import { viewQuery } from '../../navigation/app-view';
import { NavLink } from '../../navigation/nav-link';
import { useCampaigns } from '../api/get-campaigns';
import { emptyReason } from '../format/empty-reason';

/** The newest campaigns; their counts follow the sends live (see features/live). */
export function CampaignList() {
  const list = useCampaigns();
  if (isUnauthorized(list.error)) return <ApiKeyPrompt />;
  if (list.isError) return <p role="alert">Could not load campaigns: {list.error.message}</p>;
  const campaigns = list.data?.items ?? [];
  return (
    <section className="table-wrap">
      <table aria-label="Campaigns">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Sent / queued</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {campaigns.map((campaign) => (
            <tr key={campaign.id} data-id={campaign.id} data-status={campaign.status}>
              <td>
                <NavLink to={viewQuery.campaign(campaign.id)}>{campaign.name}</NavLink>
              </td>
              <td>
                <StatusBadge status={campaign.status} />
                {campaign.abort_reason && (
                  <span className="campaign-reason"> {campaign.abort_reason}</span>
                )}
              </td>
              <td>
                {campaign.sent} / {campaign.queued}
                {campaign.failed > 0 && <span className="error"> ({campaign.failed} failed)</span>}
                {campaign.cancelled > 0 && <span> ({campaign.cancelled} cancelled)</span>}
                {campaign.queued === 0 && campaign.status !== 'importing' && (
                  <span className="campaign-reason"> · {emptyReason(campaign)}</span>
                )}
              </td>
              <td>{new Date(campaign.created_at).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.isPending && <p>Loading…</p>}
      {!list.isPending && campaigns.length === 0 && <p>No campaigns yet: upload a CSV above.</p>}
    </section>
  );
}
