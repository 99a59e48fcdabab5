import { useCaller } from '../../auth/api/get-caller';
import { CampaignList } from './campaign-list';
import { UploadForm } from './upload-form';

/** The upload form only for a key that may write; a read-only key is told why it has none. */
export function CampaignsView() {
  const scopes = useCaller().data?.scopes;
  return (
    <main className="campaigns">
      {scopes?.includes('write') && <UploadForm />}
      {scopes && !scopes.includes('write') && (
        <p className="card hint">
          This key may only read: starting a campaign needs a key with write scope.
        </p>
      )}
      <CampaignList />
    </main>
  );
}
