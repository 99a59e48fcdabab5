import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiScope, CampaignView } from '@notify/shared';
import { buildCampaign, json } from './support/campaign-fakes';
import { fakeApi, fakeSocket } from './support/fakes';
import { renderApp } from './support/render-app';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  sessionStorage.clear();
});

const controls = () => screen.queryByRole('group', { name: 'Campaign controls' });

/** The campaign page with a fake api whose control endpoints move the campaign as asked. */
function open(campaign: CampaignView, scopes: ApiScope[] = ['read', 'write']) {
  const campaigns = new Map([[campaign.id, campaign]]);
  const after: Record<string, Partial<CampaignView>> = {
    pause: { status: 'paused' },
    resume: { status: 'sending' },
    cancel: {
      status: 'cancelled',
      cancelled: campaign.in_progress,
      in_progress: 0,
      eta_seconds: 0,
    },
  };
  const api = fakeApi([], {
    scopes,
    campaigns,
    control: (id, action) => {
      const next = { ...campaigns.get(id)!, ...after[action] };
      campaigns.set(id, next);
      return json(next);
    },
  });
  renderApp(fakeSocket(), `/?campaign=${campaign.id}`);
  const posts = () =>
    api.calls.filter((c) => c.init?.method === 'POST').map((c) => c.path.split('/').at(-1));
  return { posts };
}

describe('pausing, resuming and cancelling a campaign', () => {
  it('pauses a sending campaign and offers to resume it', async () => {
    const { posts } = open(buildCampaign({ sent: 10, in_progress: 92 }));
    await userEvent.click(await screen.findByRole('button', { name: 'Pause sending' }));

    expect((await screen.findByTestId('campaign-status')).textContent).toBe('paused');
    await userEvent.click(await screen.findByRole('button', { name: 'Resume sending' }));
    await waitFor(() => expect(screen.getByTestId('campaign-status').textContent).toBe('sending'));
    expect(posts()).toEqual(['pause', 'resume']);
  });

  it('cancels only after a confirmation that says how many unsent it ends', async () => {
    const { posts } = open(buildCampaign({ sent: 40, in_progress: 62 }));
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel campaign…' }));

    const dialog = screen.getByRole('dialog', { name: 'Cancel this campaign?' });
    expect(within(dialog).getByTestId('cancel-count').textContent).toContain(
      '62 unsent notifications will end cancelled and never be sent',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep the campaign' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(posts()).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Cancel campaign…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel 62 unsent' }));
    await waitFor(() =>
      expect(screen.getByTestId('campaign-status').textContent).toBe('cancelled'),
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(posts()).toEqual(['cancel']);
    expect(screen.getByTestId('campaign-cancelled').textContent).toBe('62');
    // Nothing is left to pause or cancel.
    expect(controls()).toBeNull();
  });

  it('shows no control to a read-only key', async () => {
    open(buildCampaign({ status: 'paused' }), ['read']);
    await screen.findByTestId('campaign-status');
    // The api has answered /me: the page now knows the key's scopes.
    await screen.findByText('read-only key');
    expect(controls()).toBeNull();
    expect(screen.queryByRole('button', { name: /pause|resume|cancel/i })).toBeNull();
  });

  it('says why an empty campaign has nothing to send, and shows the send rate otherwise', async () => {
    const empty = buildCampaign({
      status: 'completed',
      rows_read: 4,
      valid: 0,
      invalid: 4,
      queued: 0,
      in_progress: 0,
      eta_seconds: 0,
    });
    open(empty);
    expect((await screen.findByTestId('campaign-empty')).textContent).toContain(
      'no valid rows in the upload (4 invalid)',
    );
    expect(screen.getByTestId('campaign-done').textContent).toBe('0 of 0');
    expect(controls()).toBeNull();
    cleanup();

    open(buildCampaign({ status: 'completed', rows_read: 0, valid: 0, invalid: 0, queued: 0 }));
    expect((await screen.findByTestId('campaign-empty')).textContent).toContain(
      'the file had no data rows',
    );
    cleanup();

    open(buildCampaign({ sent: 30, in_progress: 72, sent_per_minute: 12.5 }));
    expect((await screen.findByTestId('campaign-rate')).textContent).toBe('12.5');
    expect(screen.queryByTestId('campaign-empty')).toBeNull();
  });
});
