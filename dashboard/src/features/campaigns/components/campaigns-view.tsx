import { CampaignList } from './campaign-list';
import { UploadForm } from './upload-form';

export function CampaignsView() {
  return (
    <main className="campaigns">
      <UploadForm />
      <CampaignList />
    </main>
  );
}
