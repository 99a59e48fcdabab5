import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SOCKET_EVENTS } from '@notify/shared';
import { buildRow, fakeApi, fakeSocket } from './support/fakes';
import { renderApp } from './support/render-app';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const rowFor = (id: string) => document.querySelector(`tr[data-id="${id}"]`);

describe('the dashboard', () => {
  it('puts the filters in the URL and asks the api for exactly that view', async () => {
    const api = fakeApi([buildRow({ status: 'failed' })]);
    renderApp(fakeSocket());
    await screen.findByText('+14155550123');

    await userEvent.selectOptions(
      screen.getByLabelText('Status', { selector: 'select' }),
      'failed',
    );
    await userEvent.selectOptions(screen.getByLabelText('Type', { selector: 'select' }), 'sms');
    await userEvent.type(screen.getByLabelText('Recipient', { selector: 'input' }), '4155');

    await waitFor(() =>
      expect(window.location.search).toBe('?type=sms&status=failed&recipient=4155'),
    );
    await waitFor(() =>
      expect(api.listRequests().at(-1)).toBe(
        '/api/v1/notifications?type=sms&status=failed&recipient=4155&limit=50',
      ),
    );
  });

  it('opens on the view its URL describes', async () => {
    const api = fakeApi([]);
    renderApp(fakeSocket(), '/?status=sent&type=email');
    await waitFor(() =>
      expect(api.listRequests()).toContain('/api/v1/notifications?type=email&status=sent&limit=50'),
    );
    expect(
      (screen.getByLabelText('Status', { selector: 'select' }) as HTMLSelectElement).value,
    ).toBe('sent');
  });

  it('shows pushed changes and new rows without asking the api again', async () => {
    const shown = buildRow({ status: 'processing' });
    const api = fakeApi([shown]);
    const socket = fakeSocket();
    renderApp(socket);
    await waitFor(() => expect(rowFor(shown.id)).not.toBeNull());
    const listCalls = api.listRequests().length;

    const arrival = buildRow({ status: 'queued', recipient: '+14155550999' });
    socket.push(SOCKET_EVENTS.notifications, {
      items: [{ ...shown, status: 'sent', attempt_count: 1 }, arrival],
    });

    await waitFor(() => expect(rowFor(shown.id)?.getAttribute('data-status')).toBe('sent'));
    expect(within(rowFor(shown.id) as HTMLElement).getByText('sent')).toBeTruthy();
    expect(rowFor(arrival.id)).not.toBeNull();
    const order = [...document.querySelectorAll('tbody tr')].map((tr) =>
      tr.getAttribute('data-id'),
    );
    expect(order).toEqual([arrival.id, shown.id]);
    expect(api.listRequests()).toHaveLength(listCalls);
  });

  it('lets a row that stops matching the filter leave the view', async () => {
    const failing = buildRow({ status: 'failed' });
    fakeApi([failing]);
    const socket = fakeSocket();
    renderApp(socket, '/?status=failed');
    await waitFor(() => expect(rowFor(failing.id)).not.toBeNull());
    socket.push(SOCKET_EVENTS.notifications, { items: [{ ...failing, status: 'queued' }] });
    await waitFor(() => expect(rowFor(failing.id)).toBeNull());
  });

  it('refetches everything after the connection comes back', async () => {
    const api = fakeApi([buildRow()]);
    const socket = fakeSocket();
    renderApp(socket);
    await screen.findByText('+14155550123');
    const before = api.requests.length;

    socket.drop();
    await waitFor(() => expect(screen.getByTestId('connection').textContent).toBe('reconnecting'));
    socket.restore();
    await waitFor(() => expect(screen.getByTestId('connection').textContent).toBe('live'));
    await waitFor(() => {
      const after = api.requests.slice(before);
      expect(after.some((r) => r.startsWith('/api/v1/notifications'))).toBe(true);
      expect(after).toContain('/api/v1/overview');
    });
  });
});
