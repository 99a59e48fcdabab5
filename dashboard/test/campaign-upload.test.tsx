import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildCampaign } from './support/campaign-fakes';
import { fakeApi, fakeSocket } from './support/fakes';
import { renderApp } from './support/render-app';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const csvFile = () => new File(['email\na@example.com\n'], 'list.csv', { type: 'text/csv' });

describe('the campaign upload form', () => {
  it('posts the text fields before the file, without a content-type, and opens the new campaign', async () => {
    const created = buildCampaign({ name: 'Spring list' });
    let sent: [string, FormDataEntryValue][] = [];
    const api = fakeApi([], {
      campaigns: new Map([[created.id, created]]),
      upload: (form) => {
        sent = [...form.entries()];
        return new Response(JSON.stringify(created), { status: 201 });
      },
    });
    renderApp(fakeSocket(), '/?view=campaigns');

    await userEvent.upload(await screen.findByLabelText('CSV file'), csvFile());
    await userEvent.type(screen.getByLabelText('Name'), 'Spring list');
    await userEvent.type(screen.getByLabelText('Subject'), 'Welcome');
    await userEvent.click(screen.getByRole('button', { name: 'Upload and send' }));

    await waitFor(() => expect(window.location.search).toBe(`?campaign=${created.id}`));
    expect(await screen.findByRole('heading', { name: 'Spring list' })).toBeTruthy();
    // Body left empty: the api's default applies, so it is not sent at all.
    expect(sent.map(([name]) => name)).toEqual(['name', 'subject', 'file']);
    expect(sent.slice(0, 2)).toEqual([
      ['name', 'Spring list'],
      ['subject', 'Welcome'],
    ]);
    expect((sent[2]![1] as File).name).toBe('list.csv');
    const post = api.calls.find((call) => call.init?.method === 'POST')!;
    expect(Object.keys(post.init?.headers ?? {}).map((h) => h.toLowerCase())).not.toContain(
      'content-type',
    );
  });

  it("shows a 400's message and marks the field it names", async () => {
    const message = "must contain {token}, where each recipient's token goes";
    fakeApi([], {
      upload: () =>
        new Response(
          JSON.stringify({
            error: 'validation_failed',
            message: 'The request has invalid fields',
            fields: [{ field: 'body', message }],
          }),
          { status: 400 },
        ),
    });
    renderApp(fakeSocket(), '/?view=campaigns');

    await userEvent.upload(await screen.findByLabelText('CSV file'), csvFile());
    await userEvent.type(screen.getByLabelText('Body'), 'Hello, no token here');
    await userEvent.click(screen.getByRole('button', { name: 'Upload and send' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The request has invalid fields');
    expect(alert.textContent).toContain(`Body: ${message}`);
    const body = screen.getByLabelText('Body');
    expect(body.getAttribute('aria-invalid')).toBe('true');
    const described = document.getElementById(body.getAttribute('aria-describedby')!);
    expect(described?.textContent).toBe(message);
    expect(screen.getByLabelText('Subject').getAttribute('aria-invalid')).toBeNull();
    expect(window.location.search).toBe('?view=campaigns');
  });
});
