import type { CampaignView } from '@notify/shared';
import { LoadMoreButton } from '../../../components/load-more-button';
import { useDownloadInvalidRows } from '../api/download-invalid-rows';
import { useInvalidRows } from '../api/get-invalid-rows';

/** The rows that were not sent to, by line of the file, and all of them as a CSV. */
export function InvalidRowsTable({ campaign }: { campaign: CampaignView }) {
  const hasRows = campaign.invalid > 0;
  const rows = useInvalidRows(campaign.id, hasRows && campaign.status !== 'importing');
  const download = useDownloadInvalidRows();
  const items = rows.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="card invalid-rows" aria-label="Invalid rows">
      <header>
        <h3>Invalid rows</h3>
        {hasRows && (
          // A button, not a link: the api wants the key, which a followed (middle-clicked,
          // copied) link would not send, so the file is fetched and saved from a Blob.
          <button
            type="button"
            disabled={download.isPending}
            onClick={() => download.mutate(campaign.id)}
          >
            {download.isPending ? 'Downloading…' : 'Download CSV'}
          </button>
        )}
        {download.isError && <span role="alert">{download.error.message}</span>}
      </header>
      {!hasRows && <p>Every row had an address to send to.</p>}
      {rows.isError && <p role="alert">Could not load invalid rows: {rows.error.message}</p>}
      {hasRows && (
        <div className="table-wrap">
          <table aria-label="Invalid rows">
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Value</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {items.map((row) => (
                <tr key={row.line} data-line={row.line}>
                  <td>{row.line}</td>
                  <td className="mono">{row.value}</td>
                  <td>{row.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.isLoading && <p>Loading…</p>}
          <LoadMoreButton query={rows} />
        </div>
      )}
    </section>
  );
}
