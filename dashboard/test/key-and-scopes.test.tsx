import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { saveApiKey } from '../src/lib/api-key';
import { buildRow, fakeApi, fakeSocket } from './support/fakes';
import { renderApp } from './support/render-app';

beforeEach(() => sessionStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const rowFor = (id: string) => document.querySelector<HTMLElement>(`tr[data-id="${id}"]`)!;

describe('the key prompt', () => {
  it('asks once for a key, and says where one comes from', async () => {
    fakeApi([], { unauthorized: true });
    renderApp(fakeSocket());
    const prompt = await screen.findByRole('region', { name: 'An API key is needed' });
    expect(prompt.className).toContain('card');
    expect(within(prompt).getByRole('alert').textContent).toMatch(/came without a key/);
    const text = prompt.textContent ?? '';
    for (const source of ['npm start', '.local/api-key', 'npm run api-key', 'operator']) {
      expect(text).toContain(source);
    }
    const input = within(prompt).getByLabelText('API key');
    expect(input.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(input.getAttribute('aria-describedby')!)?.textContent).toContain(
      '.local/api-key',
    );
    // One prompt for the page, not one per view that failed.
    expect(screen.getAllByLabelText('API key')).toHaveLength(1);
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('says the api refused the key the tab was using', async () => {
    saveApiKey('nk_revoked');
    fakeApi([], { unauthorized: true });
    renderApp(fakeSocket());
    const prompt = await screen.findByRole('region', { name: 'An API key is needed' });
    expect(within(prompt).getByRole('alert').textContent).toMatch(/refused the key/);
  });
});

describe('write controls and the key’s scopes', () => {
  it('offers no retry and no upload to a read-only key, and says why', async () => {
    const failed = buildRow({ status: 'failed', last_error: 'HTTP 400' });
    fakeApi([failed], { scopes: ['read'] });
    renderApp(fakeSocket(), '/?status=failed');
    // The api has answered /me: the page now knows the key's scopes.
    await screen.findByText('read-only key');
    await waitFor(() => expect(rowFor(failed.id)).toBeTruthy());
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();

    await userEvent.click(rowFor(failed.id));
    const dialog = await screen.findByRole('dialog', { name: 'Notification' });
    await within(dialog).findByText(failed.id);
    expect(within(dialog).queryByRole('button', { name: 'Retry' })).toBeNull();
    await userEvent.keyboard('{Escape}');

    await userEvent.click(screen.getByRole('link', { name: 'Campaigns' }));
    await screen.findByText(/This key may only read/);
    expect(screen.queryByLabelText('CSV file')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Upload and send' })).toBeNull();
  });

  it('offers retry and upload to a key that may write', async () => {
    const failed = buildRow({ status: 'failed' });
    fakeApi([failed], { scopes: ['read', 'write'] });
    renderApp(fakeSocket(), '/?status=failed');
    await waitFor(() => expect(rowFor(failed.id)).toBeTruthy());
    expect(await within(rowFor(failed.id)).findByRole('button', { name: 'Retry' })).toBeTruthy();
    expect(screen.queryByText('read-only key')).toBeNull();
    await userEvent.click(screen.getByRole('link', { name: 'Campaigns' }));
    expect(await screen.findByLabelText('CSV file')).toBeTruthy();
  });
});

describe('the table on a phone', () => {
  it('labels each cell, so a row read as a card says what each value is', async () => {
    const row = buildRow({ status: 'sent' });
    fakeApi([row]);
    renderApp(fakeSocket());
    await waitFor(() => expect(rowFor(row.id)).toBeTruthy());
    const labels = [...rowFor(row.id).querySelectorAll('td[data-label]')].map((td) =>
      td.getAttribute('data-label'),
    );
    expect(labels).toEqual(
      expect.arrayContaining(['Type', 'Recipient', 'Status', 'Created', 'Campaign']),
    );
    // The time the list is ordered by (creation, unless sorted by update).
    const created = rowFor(row.id).querySelector('td[data-label="Created"] time');
    expect(created?.getAttribute('datetime')).toBe(row.created_at);
  });
});
