import { request } from 'node:http';
import { campaignViewSchema, type CampaignView } from '@notify/shared';
import { authHeaders } from './test-env';

export const BOUNDARY = 'notify-test-boundary';

/** The opening of a form's `file` part, up to where the CSV starts. */
export const filePartHead = (filename: string, boundary = BOUNDARY) =>
  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
  `Content-Type: text/csv\r\n\r\n`;

/** The closing boundary that completes a form. */
export const formEnd = (boundary = BOUNDARY) => `\r\n--${boundary}--\r\n`;

/** `email` and then `count` distinct addresses, one a line, as a CSV. */
export const addressList = (prefix: string, count: number) =>
  `email\r\n${Array.from({ length: count }, (_, i) => `${prefix}${i}@example.com`).join('\r\n')}\r\n`;

export type RawAnswer = { status: number; body: string } | { error: Error };

/**
 * POST /api/v1/campaigns written piece by piece over one connection (chunked, no length),
 * as a slow, cut-off or vanishing client sends it.
 */
export function rawUpload(apiUrl: string, headers: Record<string, string> = {}) {
  const req = request(new URL('/api/v1/campaigns', apiUrl), {
    method: 'POST',
    headers: {
      ...authHeaders,
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      ...headers,
    },
  });
  const answer = new Promise<RawAnswer>((resolve) => {
    req.on('error', (error) => resolve({ error }));
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', (error) => resolve({ error }));
    });
  });
  return {
    write: (chunk: string | Buffer) =>
      new Promise<void>((resolve, reject) =>
        req.write(chunk, (error) => (error ? reject(error) : resolve())),
      ),
    /** Ends the body here, complete or not. */
    end: (chunk: string | Buffer = '') => req.end(chunk),
    /** The client goes away: the connection closes mid-body. */
    vanish: () => req.destroy(),
    answer,
  };
}

/** The newest campaign of that name, once the api has created it. */
export async function campaignNamed(apiUrl: string, name: string): Promise<CampaignView | null> {
  const response = await fetch(`${apiUrl}/api/v1/campaigns`, { headers: authHeaders });
  const { items } = (await response.json()) as { items: unknown[] };
  const found = items.map((item) => campaignViewSchema.parse(item)).find((c) => c.name === name);
  return found ?? null;
}
