import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { authHeaders } from './test-env';

export const CAMPAIGN_FIXTURES = join(import.meta.dirname, '../fixtures/campaigns');
export const campaignFixture = (name: string): Buffer =>
  readFileSync(join(CAMPAIGN_FIXTURES, name));

/** POST /api/v1/campaigns as a browser form would: text fields first, then the file. */
export function uploadCampaign(
  apiUrl: string,
  csv: Buffer | string,
  options: {
    fields?: Record<string, string>;
    headers?: Record<string, string>;
    filename?: string;
  } = {},
): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
  form.append(
    'file',
    new Blob([typeof csv === 'string' ? csv : new Uint8Array(csv)], { type: 'text/csv' }),
    options.filename ?? 'list.csv',
  );
  return fetch(`${apiUrl}/api/v1/campaigns`, {
    method: 'POST',
    headers: { ...authHeaders, ...options.headers },
    body: form,
  });
}
