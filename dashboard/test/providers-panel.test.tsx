import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SOCKET_EVENTS, type ProviderHealth, type ProvidersHealth } from '@notify/shared';
import { emptyOverview, fakeApi, fakeSocket } from './support/fakes';
import { renderApp } from './support/render-app';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const provider = (overrides: Partial<ProviderHealth>): ProviderHealth => ({
  provider: 'flaky',
  requests: 0,
  sent: 0,
  rate_limited: 0,
  failed: 0,
  success_rate: null,
  p95_latency_ms: null,
  breaker: { state: 'closed', open: 0, half_open: 0, replicas: 1 },
  workers: 1,
  served: true,
  rate_limit: null,
  headroom: null,
  ...overrides,
});
const answer = (providers: ProviderHealth[]): ProvidersHealth => ({
  at: new Date().toISOString(),
  window_minutes: 5,
  providers,
});
const cells = (name: string) =>
  within(screen.getByRole('row', { name: new RegExp(`^${name}\\b`) }))
    .getAllByRole('cell')
    .map((cell) => cell.textContent);

describe('the providers panel', () => {
  it("shows each provider's breaker, traffic, p95, limit and who serves it", async () => {
    fakeApi([], {
      providers: () =>
        answer([
          provider({
            requests: 200,
            sent: 190,
            failed: 10,
            success_rate: 0.95,
            p95_latency_ms: 42,
            breaker: { state: 'open', open: 1, half_open: 0, replicas: 2 },
            workers: 2,
          }),
          provider({
            provider: 'email-api',
            breaker: { state: 'closed', open: 0, half_open: 0, replicas: 0 },
            workers: 0,
            served: false,
            rate_limit: { max: 1, per_ms: 10_250 },
          }),
          provider({ provider: 'smtp', rate_limit: { max: 200, per_ms: 1000 }, headroom: 150 }),
        ]),
    });
    renderApp(fakeSocket());

    const table = await screen.findByRole('table', { name: /last 5 minutes/ });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['provider', 'breaker', 'requests', 'success', 'p95', 'rate limit', 'processors']);
    await waitFor(() =>
      expect(cells('flaky')).toEqual(['open (1 of 2)', '200', '95.0 %', '42 ms', 'none', '2']),
    );
    expect(cells('email-api')).toEqual(['closed', '0', '–', '–', '1 / 10.25 s', 'not served']);
    expect(cells('smtp')[4]).toBe('200 / 1 s · 150 left');
    expect(screen.getByLabelText('Not served: no processor serves email-api')).toBeTruthy();
  });

  it('asks again as soon as a breaker changes state, without waiting for its interval', async () => {
    let state: 'closed' | 'open' = 'closed';
    const api = fakeApi([], {
      providers: () =>
        answer([
          provider({
            breaker: { state, open: state === 'open' ? 1 : 0, half_open: 0, replicas: 1 },
          }),
        ]),
    });
    const socket = fakeSocket();
    renderApp(socket);
    await waitFor(() => expect(cells('flaky')[0]).toBe('closed'));
    const asked = () => api.requests.filter((r) => r === '/api/v1/providers').length;
    const before = asked();

    state = 'open';
    const at = new Date().toISOString();
    socket.push(SOCKET_EVENTS.overview, {
      ...emptyOverview(),
      breakers: [{ provider: 'flaky', state: 'open', since: at }],
    });
    // Well inside the 5 s interval: only the breaker's change can have caused this fetch.
    await waitFor(() => expect(cells('flaky')[0]).toBe('open (1 of 1)'), { timeout: 2000 });
    expect(asked()).toBe(before + 1);
  });
});
