import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SOCKET_EVENTS, type Overview } from '@notify/shared';
import { emptyOverview, fakeApi, fakeSocket } from './support/fakes';
import { renderApp } from './support/render-app';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The ledger says nothing is failed while BullMQ still keeps 2 failed jobs (later replayed). */
const overview = (): Overview => {
  const base = emptyOverview();
  return {
    ...base,
    stats: { ...base.stats, total: 3, by_status: { ...base.stats.by_status, sent: 3 } },
    queues: [{ provider: 'flaky', waiting: 0, active: 0, delayed: 0, failed: 2, workers: 1 }],
  };
};

describe('failures in the header', () => {
  it('labels the queue’s failed jobs apart from the FAILED count of notifications', async () => {
    fakeApi([]);
    const socket = fakeSocket();
    renderApp(socket);
    await waitFor(() => expect(screen.getByTestId('count-queued').textContent).toBe('0'));
    socket.push(SOCKET_EVENTS.overview, overview());

    await waitFor(() => expect(screen.getByTestId('count-sent').textContent).toBe('3'));
    expect(screen.getByTestId('count-failed').textContent).toBe('0');
    const queue = screen.getByLabelText('Queue flaky');
    const jobs = within(queue).getByText('2 failed jobs (queue history)');
    expect(jobs.getAttribute('title')).toMatch(/later replayed and sent/);
    expect(jobs.getAttribute('title')).toMatch(/FAILED counter/);
    expect(queue.textContent).not.toMatch(/\b2 failed ·/);
  });

  it('links each counter to the list filtered by its status', async () => {
    fakeApi([]);
    renderApp(fakeSocket());
    const failed = await screen.findByRole('link', { name: 'Show failed notifications' });
    expect(failed.getAttribute('href')).toBe('/?status=failed');
    await userEvent.click(failed);
    await waitFor(() => expect(window.location.search).toBe('?status=failed'));
    expect((screen.getByLabelText('Status') as HTMLSelectElement).value).toBe('failed');
    expect(screen.getByRole('link', { name: 'Show sent notifications' }).getAttribute('href')).toBe(
      '/?status=sent',
    );
  });
});
