import { cleanup, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SOCKET_EVENTS } from '@notify/shared';
import { buildRow, fakeApi, fakeSocket } from './support/fakes';
import { renderApp } from './support/render-app';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const shownIds = () =>
  [...document.querySelectorAll('table[aria-label="Notifications"] tbody tr')].map((tr) =>
    tr.getAttribute('data-id'),
  );

describe('a filtered view under out-of-order arrivals', () => {
  it('shows a retried notification that turns sent after newer ones, in its sorted place', async () => {
    // Created in this order; the oldest two fail once and are retried, the others go through.
    const [retriedFirst, quick1, retriedSecond, quick2] = [
      buildRow({ status: 'retrying', attempt_count: 1 }),
      buildRow({ status: 'sent', attempt_count: 1 }),
      buildRow({ status: 'retrying', attempt_count: 1 }),
      buildRow({ status: 'sent', attempt_count: 1 }),
    ];
    const api = fakeApi([retriedFirst, quick1, retriedSecond, quick2].reverse());
    const socket = fakeSocket();
    renderApp(socket, '/?type=sms&status=sent');
    await waitFor(() => expect(shownIds()).toEqual([quick2.id, quick1.id]));
    const listCalls = api.listRequests().length;

    // A newer one turns sent first, then the retried ones, oldest last: each in its own push.
    const newest = buildRow({ status: 'sent', attempt_count: 1 });
    socket.push(SOCKET_EVENTS.notifications, { items: [newest] });
    socket.push(SOCKET_EVENTS.notifications, {
      items: [{ ...retriedSecond, status: 'sent', attempt_count: 2 }],
    });
    socket.push(SOCKET_EVENTS.notifications, {
      items: [{ ...retriedFirst, status: 'sent', attempt_count: 2 }],
    });

    await waitFor(() =>
      expect(shownIds()).toEqual([
        newest.id,
        quick2.id,
        retriedSecond.id,
        quick1.id,
        retriedFirst.id,
      ]),
    );
    // Folded into the cache from the pushes alone: no refetch was needed.
    expect(api.listRequests()).toHaveLength(listCalls);
  });

  it('keeps a row that changes but still matches where it was', async () => {
    const [older, newer] = [buildRow({ status: 'failed' }), buildRow({ status: 'failed' })];
    fakeApi([newer, older]);
    const socket = fakeSocket();
    renderApp(socket, '/?status=failed');
    await waitFor(() => expect(shownIds()).toEqual([newer.id, older.id]));
    socket.push(SOCKET_EVENTS.notifications, {
      items: [{ ...older, attempt_count: 4, last_error: 'HTTP 400' }],
    });
    await waitFor(() =>
      expect(document.querySelector(`tr[data-id="${older.id}"]`)?.textContent).toContain(
        'HTTP 400',
      ),
    );
    expect(shownIds()).toEqual([newer.id, older.id]);
  });
});
