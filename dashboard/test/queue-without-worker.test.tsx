import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SOCKET_EVENTS, type Overview, type QueueDepth } from '@notify/shared';
import { emptyOverview, fakeApi, fakeSocket } from './support/fakes';
import { renderApp } from './support/render-app';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const queue = (provider: string, waiting: number, workers: number): QueueDepth => ({
  provider,
  waiting,
  active: 0,
  delayed: 0,
  failed: 0,
  workers,
});
const overviewWith = (queues: QueueDepth[]): Overview => ({ ...emptyOverview(), queues });
const queueBox = (provider: string) => screen.getByLabelText(`Queue ${provider}`);

/** The app with its first overview fetched, so a push is never overwritten by that answer. */
async function renderLoaded() {
  fakeApi([]);
  const socket = fakeSocket();
  renderApp(socket);
  await waitFor(() => expect(screen.getByTestId('count-queued').textContent).toBe('0'));
  return socket;
}

describe('the overview header', () => {
  it('marks a queue holding jobs that no processor serves, and only that one', async () => {
    const socket = await renderLoaded();
    socket.push(
      SOCKET_EVENTS.overview,
      overviewWith([queue('flaky', 5, 2), queue('email-api', 3, 0), queue('idle', 0, 0)]),
    );

    const badge = await screen.findByRole('status', {
      name: 'No worker: no processor serves email-api; 3 jobs waiting',
    });
    expect(badge.textContent).toBe('no worker');
    expect(within(queueBox('email-api')).getByText(/0 workers/)).toBeTruthy();
    expect(within(queueBox('flaky')).getByText(/2 workers/)).toBeTruthy();
    expect(screen.getAllByText('no worker')).toHaveLength(1);
  });

  it('drops the mark once a processor serves the queue', async () => {
    const socket = await renderLoaded();
    socket.push(SOCKET_EVENTS.overview, overviewWith([queue('email-api', 3, 0)]));
    await screen.findByText('no worker');

    socket.push(SOCKET_EVENTS.overview, overviewWith([queue('email-api', 3, 1)]));
    await waitFor(() => expect(within(queueBox('email-api')).getByText(/1 worker$/)).toBeTruthy());
    expect(screen.queryByText('no worker')).toBeNull();
  });
});
