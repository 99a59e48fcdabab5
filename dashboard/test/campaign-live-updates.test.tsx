import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SOCKET_EVENTS, type CampaignView } from '@notify/shared';
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

describe('the campaign list kept live by the socket', () => {
  /** The list on screen (so cached and refetchable), and a count of its requests. */
  async function openList() {
    let listed = buildCampaign({ name: 'Spring list', sent: 0, in_progress: 102 });
    const campaigns = new Map([[listed.id, listed]]);
    const api = fakeApi([], { campaigns });
    const socket = fakeSocket();
    renderApp(socket, '/?view=campaigns');
    const row = () => screen.getByRole('row', { name: /Spring list/ });
    await waitFor(() => expect(row().textContent).toContain('0 / 102'));
    return {
      api,
      socket,
      listed,
      row,
      listRequests: () => api.requests.filter((r) => r === '/api/v1/campaigns').length,
      progressTo(changes: Partial<CampaignView>) {
        listed = { ...listed, ...changes };
        campaigns.set(listed.id, listed);
      },
    };
  }

  it('refetches the list when a listed campaign sends', async () => {
    const list = await openList();
    const before = list.listRequests();

    list.progressTo({ sent: 1, in_progress: 101 });
    list.socket.push(SOCKET_EVENTS.notifications, {
      items: [buildRow({ type: 'email', campaign_id: list.listed.id, status: 'sent' })],
    });

    await waitFor(() => expect(within(list.row()).getByText(/^1 \/ 102/)).toBeTruthy());
    expect(list.listRequests()).toBe(before + 1);
  });

  it('leaves the list alone when the pushed notifications belong to no listed campaign', async () => {
    const list = await openList();
    const before = list.listRequests();

    list.socket.push(SOCKET_EVENTS.notifications, { items: [buildRow({ status: 'sent' })] });
    // An unthrottled first request refetches at once; this is ample time for it to show.
    await sleep(50);

    expect(list.listRequests()).toBe(before);
  });
});
