import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SOCKET_EVENTS, type CampaignView } from '@notify/shared';
import { CAMPAIGN_REFRESH_MS } from '../src/features/live/use-live-updates';
import { buildCampaign } from './support/campaign-fakes';
import { buildRow, fakeApi, fakeSocket } from './support/fakes';
import { renderApp } from './support/render-app';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const progress = () =>
  screen.getByRole('progressbar', { name: 'Sending progress' }).getAttribute('aria-valuenow');

/** A campaign page on screen, with a fake api whose answer for it the test can move on. */
async function openCampaign() {
  let campaign = buildCampaign({ sent: 0, in_progress: 102 });
  const campaigns = new Map([[campaign.id, campaign]]);
  const api = fakeApi([], { campaigns });
  const socket = fakeSocket();
  renderApp(socket, `/?campaign=${campaign.id}`);
  await waitFor(() => expect(progress()).toBe('0'));
  const detailPath = `/api/v1/campaigns/${campaign.id}`;
  return {
    api,
    socket,
    campaign,
    detailRequests: () => api.requests.filter((r) => r === detailPath).length,
    progressTo(changes: Partial<CampaignView>) {
      campaign = { ...campaign, ...changes };
      campaigns.set(campaign.id, campaign);
    },
  };
}

describe('a campaign page kept live by the socket', () => {
  it('refetches the campaign when one of its notifications changes, and shows the new count', async () => {
    const page = await openCampaign();
    const before = page.detailRequests();

    page.progressTo({ sent: 1, in_progress: 101 });
    page.socket.push(SOCKET_EVENTS.notifications, {
      items: [buildRow({ type: 'email', campaign_id: page.campaign.id, status: 'sent' })],
    });

    await waitFor(() => expect(progress()).toBe('1'));
    expect(page.detailRequests()).toBe(before + 1);
  });

  it('refetches at most once a second however many sends are pushed, ending on the last state', async () => {
    const page = await openCampaign();
    const before = page.detailRequests();
    const started = Date.now();

    // 500 sends in five pushes of 100 (the api flushes every 100 ms), the last one complete.
    for (let push = 1; push <= 5; push += 1) {
      const sent = push === 5 ? 102 : push * 20;
      page.progressTo({ sent, in_progress: 102 - sent });
      if (push === 5) page.progressTo({ status: 'completed', eta_seconds: 0 });
      page.socket.push(SOCKET_EVENTS.notifications, {
        items: Array.from({ length: 100 }, () =>
          buildRow({ type: 'email', campaign_id: page.campaign.id, status: 'sent' }),
        ),
      });
      await sleep(100);
    }
    const pushing = Date.now() - started;

    await waitFor(() => expect(progress()).toBe('102'), { timeout: CAMPAIGN_REFRESH_MS * 3 });
    await sleep(CAMPAIGN_REFRESH_MS * 1.5);
    const times = page.api.calls
      .filter((call) => call.path === `/api/v1/campaigns/${page.campaign.id}`)
      .slice(before)
      .map((call) => call.at);
    // The first push at once, then one per second at most while pushes keep coming
    // (two in all when the pushes took under a second, as they do unless the machine is slow).
    expect(times.length).toBeGreaterThanOrEqual(2);
    expect(times.length).toBeLessThanOrEqual(2 + Math.floor(pushing / CAMPAIGN_REFRESH_MS));
    for (let i = 1; i < times.length; i += 1) {
      // Timers may fire a few ms early against Date.now(); never a whole interval early.
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(CAMPAIGN_REFRESH_MS - 20);
    }
  });

  it('does not ask for campaigns that are not on screen', async () => {
    const page = await openCampaign();
    const other = buildRow({ status: 'sent' });
    page.socket.push(SOCKET_EVENTS.notifications, { items: [other] });
    await sleep(50);
    expect(page.api.requests.filter((r) => r.includes(other.campaign_id))).toEqual([]);
  });

  it('refetches the campaign after the connection comes back and on a server resync', async () => {
    const page = await openCampaign();

    page.progressTo({ sent: 7, in_progress: 95 });
    page.socket.drop();
    page.socket.restore();
    await waitFor(() => expect(progress()).toBe('7'));

    page.progressTo({ sent: 9, in_progress: 93 });
    page.socket.push(SOCKET_EVENTS.resync);
    await waitFor(() => expect(progress()).toBe('9'));
  });
});
