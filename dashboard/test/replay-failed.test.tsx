import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SOCKET_EVENTS, type Overview } from '@notify/shared';
import { buildRow, emptyOverview, fakeApi, fakeSocket } from './support/fakes';
import { renderApp } from './support/render-app';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const BUTTON = 'Retry all failed matching this filter';

const failedOverview = (failed: number): Overview => {
  const base = emptyOverview();
  return { ...base, stats: { ...base.stats, by_status: { ...base.stats.by_status, failed } } };
};

const rows = () => [
  buildRow({ status: 'failed', type: 'sms' }),
  buildRow({ status: 'failed', type: 'email', recipient: 'a@example.com' }),
  buildRow({ status: 'failed', type: 'sms' }),
];

/** The failed view with its list and first overview loaded, then the ledger's count pushed. */
async function openFailedView(url: string) {
  const api = fakeApi(rows());
  const socket = fakeSocket();
  renderApp(socket, url);
  await waitFor(() => expect(screen.getByTestId('count-failed').textContent).toBe('0'));
  socket.push(SOCKET_EVENTS.overview, failedOverview(3));
  await waitFor(() => expect(screen.getByTestId('count-failed').textContent).toBe('3'));
  return api;
}

describe('retry all failed matching the filter', () => {
  it('asks with the ledger’s count, replays, reports the result and gives focus back', async () => {
    const api = await openFailedView('/?status=failed');
    const button = await screen.findByRole('button', { name: BUTTON });
    await userEvent.click(button);

    const dialog = await screen.findByRole('dialog', { name: 'Retry failed notifications' });
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(dialog.textContent).toMatch(/Replay 3 failed notifications matching this filter/);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Retry all' }));

    expect((await within(dialog).findByRole('status')).textContent).toBe('Replayed 3.');
    const call = api.calls.find((c) => c.path === '/api/v1/notifications/retry');
    expect(call?.init?.method).toBe('POST');
    expect(JSON.parse(String(call?.init?.body))).toEqual({ limit: 10_000 });

    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: BUTTON }));
  });

  it('says "up to" for a narrower filter and sends that filter', async () => {
    const api = await openFailedView('/?type=sms&status=failed');
    await userEvent.click(await screen.findByRole('button', { name: BUTTON }));
    const dialog = await screen.findByRole('dialog', { name: 'Retry failed notifications' });
    expect(dialog.textContent).toMatch(/Replay up to 3 failed notifications/);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Retry all' }));
    expect((await within(dialog).findByRole('status')).textContent).toBe('Replayed 2.');
    const call = api.calls.find((c) => c.path === '/api/v1/notifications/retry');
    expect(JSON.parse(String(call?.init?.body))).toEqual({ type: 'sms', limit: 10_000 });
  });

  it('cancels without a request', async () => {
    const api = await openFailedView('/?status=failed');
    await userEvent.click(await screen.findByRole('button', { name: BUTTON }));
    const dialog = await screen.findByRole('dialog', { name: 'Retry failed notifications' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.requests).not.toContain('/api/v1/notifications/retry');
  });

  it('is offered only on the failed view, and never to a read-only key', async () => {
    fakeApi(rows(), { scopes: ['read'] });
    renderApp(fakeSocket(), '/?status=failed');
    await screen.findByText('read-only key');
    expect(screen.queryByRole('button', { name: BUTTON })).toBeNull();
    cleanup();

    fakeApi(rows());
    renderApp(fakeSocket(), '/?status=failed');
    await screen.findByRole('button', { name: BUTTON });
    await userEvent.click(screen.getByRole('link', { name: 'Show sent notifications' }));
    await waitFor(() => expect(window.location.search).toBe('?status=sent'));
    expect(screen.queryByRole('button', { name: BUTTON })).toBeNull();
  });
});
