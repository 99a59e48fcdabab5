import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { CampaignView, InvalidRow } from '@notify/shared';
import { saveApiKey } from '../src/lib/api-key';
import { buildCampaign } from './support/campaign-fakes';
import { fakeApi, fakeSocket } from './support/fakes';
import { renderApp } from './support/render-app';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  sessionStorage.clear();
});

const THREE_INVALID: InvalidRow[] = [
  { line: 3, value: 'invalid-email', reason: 'not a valid e-mail address' },
  { line: 6, value: 'not-an-email', reason: 'not a valid e-mail address' },
  { line: 9, value: '@domain.com', reason: 'not a valid e-mail address' },
];
const progressBar = () => screen.getByRole('progressbar', { name: 'Sending progress' });
const invalidTable = () => screen.getByRole('table', { name: 'Invalid rows' });

describe('the campaign page', () => {
  const open = (campaign: CampaignView, invalid = THREE_INVALID) => {
    const api = fakeApi([], {
      campaigns: new Map([[campaign.id, campaign]]),
      invalidRows: new Map([[campaign.id, invalid]]),
    });
    renderApp(fakeSocket(), `/?campaign=${campaign.id}`);
    return api;
  };

  it('shows progress as sent plus failed out of queued, the counts and the time left', async () => {
    const campaign = buildCampaign({ sent: 40, failed: 2, in_progress: 60, eta_seconds: 1000 });
    open(campaign);
    await screen.findByRole('heading', { name: campaign.name });

    expect(progressBar().getAttribute('aria-valuenow')).toBe('42');
    expect(progressBar().getAttribute('aria-valuemax')).toBe('102');
    expect(screen.getByTestId('campaign-rows_read').textContent).toBe('105');
    expect(screen.getByTestId('campaign-valid').textContent).toBe('102');
    expect(screen.getByTestId('campaign-invalid').textContent).toBe('3');
    expect(screen.getByTestId('campaign-in_progress').textContent).toBe('60');
    expect(screen.getByTestId('campaign-eta').textContent).toBe('about 17 min');
    expect(screen.getByTestId('campaign-status').textContent).toBe('sending');
  });

  it('shows the recipients not yet queued as a count and a counter, and no such count once all are', async () => {
    const campaign = buildCampaign({ queued: 3000, in_progress: 1000, not_dispatched: 2000 });
    open(campaign);
    expect((await screen.findByTestId('campaign-not-dispatched')).textContent).toContain(
      '2000 not yet queued',
    );
    const counter = screen.getByTestId('campaign-not_dispatched');
    expect(counter.textContent).toBe('2000');
    expect(counter.previousElementSibling?.textContent).toBe('Not yet queued');
    cleanup();

    open(buildCampaign({ not_dispatched: 0 }));
    expect((await screen.findByTestId('campaign-not_dispatched')).textContent).toBe('0');
    expect(screen.queryByTestId('campaign-not-dispatched')).toBeNull();
  });

  it('hides the time left once the campaign is completed, and says unknown when it is', async () => {
    const done = buildCampaign({ status: 'completed', sent: 102, in_progress: 0, eta_seconds: 0 });
    open(done);
    await screen.findByRole('heading', { name: done.name });
    expect(progressBar().getAttribute('aria-valuenow')).toBe('102');
    expect(screen.queryByTestId('campaign-eta')).toBeNull();
    cleanup();

    open(buildCampaign({ eta_seconds: null }));
    expect((await screen.findByTestId('campaign-eta')).textContent).toBe('unknown');
  });

  it('lists the invalid rows by line, page after page', async () => {
    const many = Array.from({ length: 150 }, (_, i) => ({
      line: i + 2,
      value: `bad-${i}`,
      reason: 'not a valid e-mail address',
    }));
    const api = open(buildCampaign({ invalid: many.length }), many);
    await waitFor(() => expect(within(invalidTable()).getAllByRole('row')).toHaveLength(101));
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(invalidTable()).getAllByRole('row')).toHaveLength(151));
    const lines = [...invalidTable().querySelectorAll('tbody tr')].map((tr) =>
      Number(tr.getAttribute('data-line')),
    );
    expect(lines).toEqual(many.map((row) => row.line));
    expect(api.requests.filter((r) => r.includes('/invalid?'))).toEqual([
      expect.stringContaining('after_line=0&limit=100'),
      expect.stringContaining('after_line=101&limit=100'),
    ]);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('downloads the invalid rows as CSV with the API key, through a Blob URL', async () => {
    saveApiKey('nk_test_key');
    const campaign = buildCampaign();
    const api = open(campaign);
    const saved: Blob[] = [];
    // jsdom has no Blob URLs; these stand in for the browser's, and are removed afterwards.
    Object.assign(URL, {
      createObjectURL: (blob: Blob) => {
        saved.push(blob);
        return 'blob:campaign-invalid';
      },
      revokeObjectURL: () => undefined,
    });
    onTestFinished(() => {
      delete (URL as Partial<typeof URL>).createObjectURL;
      delete (URL as Partial<typeof URL>).revokeObjectURL;
    });
    const clicks: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicks.push({ href: this.href, download: this.download });
    });

    await waitFor(() => expect(within(invalidTable()).getAllByRole('row')).toHaveLength(4));
    await userEvent.click(screen.getByRole('button', { name: 'Download CSV' }));

    await waitFor(() => expect(clicks).toHaveLength(1));
    expect(clicks[0]).toEqual({
      href: 'blob:campaign-invalid',
      download: `campaign-${campaign.id}-invalid.csv`,
    });
    const call = api.calls.find((c) => c.path.endsWith('format=csv'))!;
    expect(call.path).toBe(`/api/v1/campaigns/${campaign.id}/invalid?format=csv`);
    expect(call.init?.headers).toMatchObject({
      accept: 'text/csv',
      authorization: 'Bearer nk_test_key',
    });
    expect(await saved[0]!.text()).toContain('9,@domain.com,not a valid e-mail address');
  });

  it('links to the notifications list filtered to the campaign, and back works', async () => {
    const campaign = buildCampaign();
    const api = open(campaign);
    await screen.findByRole('heading', { name: campaign.name });

    await userEvent.click(screen.getByRole('link', { name: "Show this campaign's notifications" }));
    await waitFor(() =>
      expect(api.listRequests()).toContain(
        `/api/v1/notifications?campaign_id=${campaign.id}&limit=50`,
      ),
    );
    expect(
      (screen.getByLabelText('Campaign', { selector: 'input' }) as HTMLInputElement).value,
    ).toBe(campaign.id);

    window.history.back();
    expect(await screen.findByRole('heading', { name: campaign.name })).toBeTruthy();
    expect(window.location.search).toBe(`?campaign=${campaign.id}`);
  });
});
