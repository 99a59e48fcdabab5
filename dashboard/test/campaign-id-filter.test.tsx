import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildRow, fakeApi, fakeSocket } from './support/fakes';
import { renderApp } from './support/render-app';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const campaignBox = () =>
  screen.getByLabelText('Campaign', { selector: 'input' }) as HTMLInputElement;

describe('filtering by the campaign id the table shows', () => {
  it("links a row's short campaign id to that campaign's filter, by its whole id", async () => {
    const row = buildRow({ status: 'failed' });
    const api = fakeApi([row, buildRow()]);
    renderApp(fakeSocket(), '/?status=failed');
    const link = await screen.findByRole('link', { name: `Show campaign ${row.campaign_id}` });
    expect(link.textContent).toBe(row.campaign_id.slice(0, 8));

    await userEvent.click(link);
    expect(window.location.search).toBe(`?status=failed&campaign_id=${row.campaign_id}`);
    await waitFor(() =>
      expect(api.listRequests().at(-1)).toBe(
        `/api/v1/notifications?status=failed&campaign_id=${row.campaign_id}&limit=50`,
      ),
    );
    await waitFor(() => expect(campaignBox().value).toBe(row.campaign_id));
    // Following the link is not opening the row.
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('accepts the 8 characters the table shows and filters by the whole id', async () => {
    const row = buildRow();
    const api = fakeApi([row, buildRow()]);
    renderApp(fakeSocket());
    await screen.findByRole('link', { name: `Show campaign ${row.campaign_id}` });

    await userEvent.type(campaignBox(), row.campaign_id.slice(0, 8));
    await waitFor(() => expect(window.location.search).toBe(`?campaign_id=${row.campaign_id}`));
    expect(campaignBox().value).toBe(row.campaign_id);
    await waitFor(() =>
      expect(api.listRequests().at(-1)).toBe(
        `/api/v1/notifications?campaign_id=${row.campaign_id}&limit=50`,
      ),
    );
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says exactly what the filter needs, and never sends an id the api would refuse', async () => {
    const api = fakeApi([buildRow()]);
    renderApp(fakeSocket());
    await screen.findByText('+14155550123');

    await userEvent.type(campaignBox(), 'abc');
    const short = await screen.findByRole('alert');
    expect(short.textContent).toMatch(
      /whole campaign id: 36 characters.*at least the 8 characters/,
    );
    expect(campaignBox().getAttribute('aria-invalid')).toBe('true');
    expect(campaignBox().getAttribute('aria-describedby')).toBe(short.id);

    await userEvent.type(campaignBox(), 'defab');
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toMatch(
        /No listed campaign starts with “abcdefab”/,
      ),
    );
    expect(api.listRequests().some((r) => r.includes('campaign_id'))).toBe(false);
    expect(window.location.search).toBe('');
  });

  it('ignores a campaign id in a link that the api would refuse, instead of failing the list', async () => {
    const api = fakeApi([buildRow()]);
    renderApp(fakeSocket(), '/?campaign_id=abcdefab');
    await screen.findByText('+14155550123');
    expect(api.listRequests()).toEqual(['/api/v1/notifications?limit=50']);
  });
});
