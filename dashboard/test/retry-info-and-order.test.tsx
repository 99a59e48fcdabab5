import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AttemptView, NextAttemptView, NotificationSummary } from '@notify/shared';
import { applyNotificationChanges } from '../src/features/live/apply-notification-changes';
import { QueueDepthRow } from '../src/features/overview/components/queue-depth';
import { buildRow, fakeApi, fakeSocket } from './support/fakes';
import { viewOf } from './support/notification-fakes';
import { renderApp } from './support/render-app';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const attempt = (overrides: Partial<AttemptView> = {}): AttemptView => ({
  number: 1,
  at: new Date().toISOString(),
  outcome: 'rate_limited',
  http_status: 429,
  latency_ms: 9,
  error: 'HTTP 429: Rate limit exceeded',
  provider: 'flaky',
  response_body: null,
  ...overrides,
});

/** The app with one retrying notification's detail open. */
async function openRetrying(next: NextAttemptView, attempts: AttemptView[]) {
  const row = buildRow({ status: 'retrying', attempt_count: attempts.length });
  const details = new Map([[row.id, { ...viewOf(row, attempts), next_attempt: next }]]);
  fakeApi([row], { details });
  renderApp(fakeSocket(), `/?id=${row.id}`);
  return screen.findByRole('dialog', { name: 'Notification' });
}

describe('a retrying notification in the detail', () => {
  it('shows a 429 as rate limiting with the provider’s hint and when it is due, not as an error', async () => {
    const at = new Date(Date.now() + 12_000).toISOString();
    const dialog = await openRetrying(
      { at, reason: 'rate_limited', provider: 'flaky', retry_after_ms: 30_000 },
      [attempt()],
    );
    const next = await within(dialog).findByText(/Next attempt in/);
    expect(next.textContent).toMatch(
      /^Next attempt in 1[12] s \(.+\) — rate limited by flaky \(Retry-After 30 s\)$/,
    );
    expect(next.className).toContain('next-attempt-wait');
    expect(next.className).not.toContain('error');
    expect(within(next).getByText(new Date(at).toLocaleTimeString()).getAttribute('datetime')).toBe(
      at,
    );
    // The 429's message is not painted as a failure either.
    const message = within(dialog).getByText('HTTP 429: Rate limit exceeded');
    expect(message.className).not.toContain('error');
  });

  it('shows a transient failure’s retry as an error, with its backoff time', async () => {
    const dialog = await openRetrying(
      {
        at: new Date(Date.now() + 4000).toISOString(),
        reason: 'transient_error',
        provider: 'flaky',
        retry_after_ms: null,
      },
      [
        attempt({
          outcome: 'transient',
          http_status: 500,
          error: 'HTTP 500: Something went wrong',
        }),
      ],
    );
    const next = await within(dialog).findByText(/Next attempt in/);
    expect(next.textContent).toMatch(/flaky failed; retrying with backoff$/);
    expect(next.className).toContain('next-attempt-error');
    expect(within(dialog).getByText('HTTP 500: Something went wrong').className).toContain(
      'wrap-error',
    );
  });

  it('shows each attempt’s response body, folded until asked for', async () => {
    const body = '{"error":"Too Many Requests","message":"Rate limit exceeded","retryAfter":30}';
    const dialog = await openRetrying(
      {
        at: new Date(Date.now() + 30_000).toISOString(),
        reason: 'rate_limited',
        provider: 'flaky',
        retry_after_ms: 30_000,
      },
      [attempt({ response_body: body })],
    );
    const summary = await within(dialog).findByText('Response body');
    const details = summary.closest('details')!;
    expect(details.open).toBe(false);
    await userEvent.click(summary);
    expect(details.open).toBe(true);
    expect(within(details).getByText(body).tagName).toBe('PRE');
  });
});

describe('the time range filter', () => {
  it('puts a preset in the URL and asks the api for rows created since then', async () => {
    const api = fakeApi([buildRow()]);
    renderApp(fakeSocket());
    const before = Date.now();
    await userEvent.selectOptions(await screen.findByLabelText('Created'), 'last 1 h');
    await waitFor(() => expect(window.location.search).toContain('range=1h'));
    const request = await waitFor(() => {
      const found = api.listRequests().find((r) => r.includes('created_after='));
      expect(found).toBeDefined();
      return new URL(found!, 'http://x').searchParams;
    });
    const after = Date.parse(request.get('created_after')!);
    expect(after).toBeGreaterThanOrEqual(before - 3_600_000 - 1000);
    expect(after).toBeLessThanOrEqual(Date.now() - 3_600_000);
    expect(request.get('range')).toBeNull();
  });

  it('keeps a custom range in the URL as two instants, and reads it back on reload', async () => {
    fakeApi([]);
    renderApp(
      fakeSocket(),
      '/?created_after=2026-11-20T08:00:00.000Z&created_before=2026-11-21T08:00:00.000Z',
    );
    const select = await screen.findByLabelText<HTMLSelectElement>('Created');
    expect(select.value).toBe('custom');
    const from = screen.getByLabelText<HTMLInputElement>('Created from');
    expect(new Date(from.value).toISOString()).toBe('2026-11-20T08:00:00.000Z');
    await userEvent.selectOptions(select, 'any time');
    await waitFor(() => expect(window.location.search).not.toContain('created_'));
  });
});

describe('the order of the list', () => {
  it('is by creation under a "Created" header, and the header switches it to last update', async () => {
    const api = fakeApi([buildRow()]);
    renderApp(fakeSocket());
    const header = await screen.findByRole('columnheader', { name: 'Created' });
    expect(header.getAttribute('aria-sort')).toBe('descending');
    expect(header.getAttribute('title')).toMatch(/ordered by creation/);

    await userEvent.click(within(header).getByRole('button'));
    await waitFor(() => expect(window.location.search).toContain('sort=updated'));
    const updated = await screen.findByRole('columnheader', { name: 'Updated' });
    expect(updated.getAttribute('aria-sort')).toBe('descending');
    await waitFor(() =>
      expect(api.listRequests().some((r) => r.includes('sort=updated'))).toBe(true),
    );
    expect(document.querySelector('td[data-label="Updated"] time')).toBeTruthy();

    await userEvent.click(within(updated).getByRole('button'));
    await screen.findByRole('columnheader', { name: 'Created' });
    expect(window.location.search).not.toContain('sort=');
  });

  it('moves a changed row to the top of a list sorted by update', () => {
    const at = (s: number) => new Date(Date.parse('2026-11-22T10:00:00Z') + s * 1000).toISOString();
    const rows: NotificationSummary[] = [3, 2, 1].map((s) => buildRow({ updated_at: at(s) }));
    const page = { items: rows, next_cursor: null };
    const moved = { ...rows[2]!, status: 'sent' as const, updated_at: at(10) };
    const data = applyNotificationChanges({ pages: [page], pageParams: [null] }, [moved], {
      sort: 'updated',
    });
    expect(data.pages[0]!.items.map((r) => r.id)).toEqual([moved.id, rows[0]!.id, rows[1]!.id]);
  });
});

describe('queue figures', () => {
  it('link to the notifications in the matching status, and say the list spans providers', () => {
    render(
      <QueueDepthRow
        queue={{ provider: 'flaky', waiting: 3, active: 1, delayed: 2, failed: 4, workers: 1 }}
      />,
    );
    const links = screen.getAllByRole('link');
    const hrefOf = (text: RegExp) => links.find((a) => text.test(a.textContent ?? ''))!;
    expect(hrefOf(/waiting/).getAttribute('href')).toContain('status=queued');
    expect(hrefOf(/active/).getAttribute('href')).toContain('status=processing');
    expect(hrefOf(/delayed/).getAttribute('href')).toContain('status=retrying');
    expect(hrefOf(/failed job/).getAttribute('href')).toContain('status=failed');
    expect(hrefOf(/delayed/).getAttribute('title')).toBe(
      'Show retrying notifications (all providers)',
    );
  });
});
