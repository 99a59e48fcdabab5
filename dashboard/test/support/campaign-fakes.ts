import { randomUUID } from 'node:crypto';
import {
  DEFAULT_CAMPAIGN_BODY,
  DEFAULT_CAMPAIGN_SUBJECT,
  type CampaignView,
  type InvalidRow,
} from '@notify/shared';

const NOW = new Date('2026-11-22T10:00:00Z').toISOString();

export const buildCampaign = (overrides: Partial<CampaignView> = {}): CampaignView => ({
  id: randomUUID(),
  name: 'mailing_list.csv',
  status: 'sending',
  subject: DEFAULT_CAMPAIGN_SUBJECT,
  body: DEFAULT_CAMPAIGN_BODY,
  abort_reason: null,
  rows_read: 105,
  valid: 102,
  invalid: 3,
  duplicates: 0,
  queued: 102,
  sent: 0,
  failed: 0,
  cancelled: 0,
  in_progress: 102,
  not_dispatched: 0,
  sent_per_minute: 0,
  eta_seconds: 31,
  created_at: NOW,
  imported_at: NOW,
  ...overrides,
});

export interface FakeCampaigns {
  /** Campaigns by id, as GET /campaigns/:id answers; tests change them to move progress. */
  campaigns?: Map<string, CampaignView>;
  invalidRows?: Map<string, InvalidRow[]>;
  /** Answers POST /campaigns; absent, the fake refuses it. */
  upload?: (form: FormData) => Response;
  /** Answers POST /campaigns/:id/{pause,resume,cancel}; absent, the fake refuses it. */
  control?: (id: string, action: string) => Response;
}

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

export function campaignAnswer(url: URL, init: RequestInit | undefined, fake: FakeCampaigns) {
  const campaigns = fake.campaigns ?? new Map<string, CampaignView>();
  if (url.pathname === '/api/v1/campaigns') {
    if (init?.method === 'POST') {
      return fake.upload?.(init.body as FormData) ?? json({ error: 'x', message: 'no' }, 500);
    }
    return json({ items: [...campaigns.values()].reverse() });
  }
  const [, target, action] =
    /^\/api\/v1\/campaigns\/([^/]+)\/(pause|resume|cancel)$/.exec(url.pathname) ?? [];
  if (target && action && init?.method === 'POST') {
    return fake.control?.(target, action) ?? json({ error: 'x', message: 'no' }, 500);
  }
  const [, id, part] = /^\/api\/v1\/campaigns\/([^/]+)(\/invalid)?$/.exec(url.pathname) ?? [];
  const campaign = id ? campaigns.get(id) : undefined;
  if (!id || !campaign) return json({ error: 'not_found', message: 'Campaign not found' }, 404);
  if (!part) return json(campaign);
  const after = Number(url.searchParams.get('after_line') ?? 0);
  const limit = Number(url.searchParams.get('limit') ?? 100);
  const rows = (fake.invalidRows?.get(id) ?? []).filter((row) => row.line > after);
  if (url.searchParams.get('format') === 'csv') {
    const csv = `line,value,reason\n${rows.map((r) => `${r.line},${r.value},${r.reason}`).join('\n')}\n`;
    return new Response(csv, { headers: { 'content-type': 'text/csv' } });
  }
  const items = rows.slice(0, limit);
  return json({ items, next_after_line: rows.length > limit ? items.at(-1)!.line : null });
}
