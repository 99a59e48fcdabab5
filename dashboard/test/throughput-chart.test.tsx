import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SOCKET_EVENTS, type Overview, type ThroughputPoint } from '@notify/shared';
import { emptyOverview, fakeApi, fakeSocket } from './support/fakes';
import { renderApp } from './support/render-app';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const START = Date.parse('2026-12-05T10:00:00Z');
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const minute = (n: number) => clock.format(new Date(START + n * 60_000));

/** The api's per-second window from `fromSecond` on, with what `count` says for each second. */
const window = (
  fromSecond: number,
  seconds: number,
  count: (second: number) => Pick<ThroughputPoint, 'sent' | 'failed'>,
): Overview => ({
  ...emptyOverview(),
  throughput: Array.from({ length: seconds }, (_, i) => ({
    at: new Date(START + (fromSecond + i) * 1000).toISOString(),
    ...count(fromSecond + i),
  })),
});

describe('the throughput chart', () => {
  it('sums each minute received since the page opened, on a time axis', async () => {
    fakeApi([]);
    const socket = fakeSocket();
    renderApp(socket);
    await waitFor(() => expect(screen.getByTestId('count-queued').textContent).toBe('0'));

    // Minute 1 sends one a second; minute 3 fails every tenth second.
    const count = (s: number) => ({
      sent: s >= 60 && s < 120 ? 1 : 0,
      failed: s >= 180 && s < 240 && s % 10 === 0 ? 1 : 0,
    });
    socket.push(SOCKET_EVENTS.overview, window(0, 150, count));
    // A later push no longer holds minutes 0 and 1: the page still does.
    socket.push(SOCKET_EVENTS.overview, window(120, 121, count));

    const chart = await screen.findByRole('img', {
      name: `Throughput per minute: 0 sent and 6 failed in the minute from ${minute(3)}`,
    });
    const figure = chart.closest('figure')!;
    const axis = [...figure.querySelectorAll('.chart-axis span')].map((s) => s.textContent);
    expect(axis).toEqual([minute(0), minute(2), minute(4)]);
    expect(figure.querySelector('figcaption')?.textContent).toMatch(
      /sent 0\/min failed 6\/min · peak 60\s*\/min/,
    );
    // Five minutes (the last still counting), so five points per line: 0, 60 sent, 0, 0, 0.
    const sent = figure.querySelector('.line-sent')?.getAttribute('points')?.split(' ');
    expect(sent).toHaveLength(5);
    expect(sent?.[1]).toBe('75.0,0.0');
  });
});
