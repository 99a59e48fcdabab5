import type {
  AttemptView,
  NotificationPage,
  NotificationSummary,
  NotificationView,
} from '@notify/shared';
import { json } from './campaign-fakes';

/** The detail of a listed row: its summary, a message, and the attempts a test gives it. */
export const viewOf = (
  row: NotificationSummary,
  attempts: AttemptView[] = [],
): NotificationView => ({
  ...row,
  subject: null,
  message: 'Your code is 1234',
  provider: 'flaky',
  delivered_by: null,
  sent_at: null,
  attempts,
  replays: [],
});

/**
 * The notification routes over `rows`: the list (filtered by type, status and campaign as the
 * api does), one notification (from `details`, else its row), a retry of a failed one, and
 * the bulk replay of the failed ones matching a filter.
 */
export function notificationAnswer(
  url: URL,
  init: RequestInit | undefined,
  rows: NotificationSummary[],
  details: Map<string, NotificationView> = new Map(),
) {
  if (url.pathname === '/api/v1/notifications') {
    const query = url.searchParams;
    const page: NotificationPage = {
      items: rows.filter(
        (row) =>
          (!query.get('status') || row.status === query.get('status')) &&
          (!query.get('type') || row.type === query.get('type')) &&
          (!query.get('campaign_id') || row.campaign_id === query.get('campaign_id')),
      ),
      next_cursor: null,
    };
    return json(page);
  }
  if (url.pathname === '/api/v1/notifications/retry' && init?.method === 'POST') {
    const filter = JSON.parse(String(init.body)) as { type?: string; campaign_id?: string };
    const replayed = rows.filter(
      (row) =>
        row.status === 'failed' &&
        (!filter.type || row.type === filter.type) &&
        (!filter.campaign_id || row.campaign_id === filter.campaign_id),
    ).length;
    return json({ replayed, skipped_aborted: 0 });
  }
  const [, id, retry] = /^\/api\/v1\/notifications\/([^/]+)(\/retry)?$/.exec(url.pathname) ?? [];
  const row = rows.find((r) => r.id === id);
  if (!id || !row) return json({ error: 'not_found', message: 'Notification not found' }, 404);
  if (retry && init?.method === 'POST') return json({ id, status: 'queued' }, 202);
  return json(details.get(id) ?? viewOf(row));
}
