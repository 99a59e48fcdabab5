import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AttemptView } from '@notify/shared';
import { buildRow, fakeApi, fakeSocket } from './support/fakes';
import { viewOf } from './support/notification-fakes';
import { renderApp } from './support/render-app';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const rowFor = (id: string) => document.querySelector<HTMLElement>(`tr[data-id="${id}"]`)!;
const providerError =
  'HTTP 400 from flaky: {"error":"Bad Request","message":"Forced bad request","details":"recipient+14155550123-is-not-reachable-through-this-provider"}';
const attempt = (number: number, overrides: Partial<AttemptView> = {}): AttemptView => ({
  number,
  at: new Date('2026-11-22T10:00:00Z').toISOString(),
  outcome: 'permanent',
  http_status: 400,
  latency_ms: 12,
  error: providerError,
  ...overrides,
});

/** The app on a failed row, focused as a keyboard user would reach it. */
async function renderOnFailedRow() {
  const row = buildRow({ status: 'failed', attempt_count: 2, last_error: providerError });
  const details = new Map([
    [row.id, viewOf(row, [attempt(1, { outcome: 'transient', http_status: 500 }), attempt(2)])],
  ]);
  const api = fakeApi([row], { details });
  renderApp(fakeSocket(), '/?status=failed');
  await waitFor(() => expect(rowFor(row.id)).toBeTruthy());
  rowFor(row.id).focus();
  return { row, api };
}

describe('the notification detail', () => {
  it('opens with Enter as a labelled modal dialog holding focus, and Escape returns it to the row', async () => {
    const { row } = await renderOnFailedRow();
    await userEvent.keyboard('{Enter}');

    const dialog = await screen.findByRole('dialog', { name: 'Notification' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(window.location.search).toContain(`id=${row.id}`);

    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(rowFor(row.id));
    expect(window.location.search).not.toContain('id=');
  });

  it('keeps Tab inside the dialog, both ways', async () => {
    await renderOnFailedRow();
    await userEvent.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Notification' });
    await within(dialog).findByRole('button', { name: 'Retry' });
    for (let i = 0; i < 5; i += 1) {
      await userEvent.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    for (let i = 0; i < 5; i += 1) {
      await userEvent.tab({ shift: true });
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
  });

  it('retries by keyboard, then still closes with Escape and returns focus to the row', async () => {
    const { row, api } = await renderOnFailedRow();
    await userEvent.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Notification' });
    const retry = await within(dialog).findByRole('button', { name: 'Retry' });
    while (document.activeElement !== retry) await userEvent.tab();
    await userEvent.keyboard('{Enter}');
    await waitFor(() =>
      expect(
        api.calls.some(
          (c) => c.path === `/api/v1/notifications/${row.id}/retry` && c.init?.method === 'POST',
        ),
      ).toBe(true),
    );

    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(rowFor(row.id));
  });

  it('does not open from Enter on a link or button inside the row', async () => {
    const { row } = await renderOnFailedRow();
    within(rowFor(row.id)).getByRole('link').focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(window.location.search).toContain('campaign_id='));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows every attempt with its error in full, on a line of its own under its figures', async () => {
    await renderOnFailedRow();
    await userEvent.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Notification' });
    const attempts = await within(dialog).findByRole('list', { name: 'Attempts' });
    const items = within(attempts).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('#1');
    expect(items[0]!.textContent).toContain('HTTP 500');
    // The whole message, in an element of its own that wraps (no sixth, clipped column).
    const error = within(items[1]!).getByText(providerError);
    expect(error.className).toContain('wrap-error');
    expect(within(dialog).queryByRole('table')).toBeNull();
  });

  it('announces the connection state as it changes', async () => {
    fakeApi([]);
    const socket = fakeSocket();
    renderApp(socket);
    const indicator = screen.getByTestId('connection');
    expect(indicator.getAttribute('role')).toBe('status');
    expect(indicator.getAttribute('aria-live')).toBe('polite');
    socket.drop();
    await waitFor(() => expect(indicator.textContent).toBe('reconnecting'));
  });
});
