import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildCampaign } from './support/campaign-fakes';
import { buildRow, fakeApi, fakeSocket } from './support/fakes';
import { renderApp } from './support/render-app';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const tab = (name: string) =>
  within(screen.getByRole('navigation', { name: 'Views' })).getByRole('link', { name });

describe('moving between the views', () => {
  it('switches tabs through the URL, and back and forward retrace the steps', async () => {
    const row = buildRow({ status: 'sent' });
    const campaign = buildCampaign({ name: 'Spring list', sent: 12, queued: 102 });
    fakeApi([row], { campaigns: new Map([[campaign.id, campaign]]) });
    renderApp(fakeSocket(), '/?status=sent');
    await screen.findByRole('table', { name: 'Notifications' });
    expect(tab('Notifications').getAttribute('aria-current')).toBe('page');

    await userEvent.click(tab('Campaigns'));
    expect(window.location.search).toBe('?view=campaigns');
    expect(tab('Campaigns').getAttribute('aria-current')).toBe('page');
    const listed = await screen.findByRole('row', { name: /Spring list/ });
    expect(listed.textContent).toContain('12 / 102');
    expect(within(listed).getByText('sending')).toBeTruthy();

    await userEvent.click(within(listed).getByRole('link', { name: 'Spring list' }));
    expect(await screen.findByRole('heading', { name: 'Spring list' })).toBeTruthy();
    expect(window.location.search).toBe(`?campaign=${campaign.id}`);

    window.history.back();
    await screen.findByRole('table', { name: 'Campaigns' });
    window.history.back();
    await screen.findByRole('table', { name: 'Notifications' });
    expect(window.location.search).toBe('?status=sent');
    await waitFor(() =>
      expect(
        (screen.getByLabelText('Status', { selector: 'select' }) as HTMLSelectElement).value,
      ).toBe('sent'),
    );
    window.history.forward();
    await screen.findByRole('table', { name: 'Campaigns' });
  });

  it('lets the Notifications tab clear a campaign filter, and back restore it', async () => {
    const campaignId = buildCampaign().id;
    const api = fakeApi([]);
    renderApp(fakeSocket(), `/?campaign_id=${campaignId}`);
    const box = () => screen.getByLabelText('Campaign', { selector: 'input' }) as HTMLInputElement;
    await waitFor(() => expect(box().value).toBe(campaignId));

    await userEvent.click(tab('Notifications'));
    await waitFor(() => expect(box().value).toBe(''));
    // Past the search boxes' debounce: they must not write the old filter back.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(window.location.search).toBe('');
    expect(api.listRequests().at(-1)).toBe('/api/v1/notifications?limit=50');

    window.history.back();
    await waitFor(() => expect(box().value).toBe(campaignId));
    expect(window.location.search).toBe(`?campaign_id=${campaignId}`);
  });
});
