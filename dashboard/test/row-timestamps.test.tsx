import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { relativeTime } from '../src/components/timestamp';
import { buildRow, fakeApi, fakeSocket } from './support/fakes';
import { renderApp } from './support/render-app';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('timestamps in the list', () => {
  it('shows the full date and time updated, with how long ago and when created on hover', async () => {
    const row = buildRow({
      created_at: '2026-11-20T08:00:00.000Z',
      updated_at: new Date(Date.now() - 5 * 60_000).toISOString(),
    });
    fakeApi([row]);
    renderApp(fakeSocket(), '/?sort=updated');
    const header = await screen.findByRole('columnheader', { name: 'Updated' });
    expect(header.getAttribute('title')).toMatch(/status last changed.*ordered by that/);

    const time = await waitFor(() => {
      const found = document.querySelector(`tr[data-id="${row.id}"] td[data-label="Updated"] time`);
      expect(found).toBeTruthy();
      return found!;
    });
    const updated = new Date(row.updated_at);
    // Both the date and the time of day, not the time alone.
    expect(time.textContent).toContain(String(updated.getFullYear()));
    expect(time.textContent).toMatch(/\d{1,2}:\d{2}:\d{2}/);
    await userEvent.hover(time);
    expect(time.getAttribute('title')).toMatch(/^5 minutes ago · created .*2026/);
  });

  it('says the relative time in the largest unit the gap fills', () => {
    const now = Date.parse('2026-12-05T12:00:00Z');
    expect(relativeTime('2026-12-05T11:59:30Z', now)).toBe('30 seconds ago');
    expect(relativeTime('2026-12-05T09:00:00Z', now)).toBe('3 hours ago');
    expect(relativeTime('2026-12-03T12:00:00Z', now)).toBe('2 days ago');
  });
});
