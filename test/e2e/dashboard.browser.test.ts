import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedNotificationSchema,
  notificationPageSchema,
  notificationViewSchema,
} from '@notify/shared';
import { FLAKY_ONLY_ENV, startPlatform, type Platform } from '../../scripts/stack/platform';
import { buildDashboard, launchChromium } from '../support/browser';
import { buildNotification } from '../support/build-notification';
import { authHeaders, isolatedEnv, TEST_API_KEY } from '../support/test-env';

const ROOT = resolve(import.meta.dirname, '../..');

/** The built dashboard, served by the real api, in Debian's chromium, against the real stack. */
describe('the dashboard in a browser', () => {
  let platform: Platform;
  let browser: Browser;
  let dashboardDir: string | undefined;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    dashboardDir = buildDashboard();
    const env = isolatedEnv('browser');
    const logs = mkdtempSync(join(tmpdir(), 'notify-browser-'));
    platform = await startPlatform({
      mongoUri: env.MONGODB_URI,
      redisUrl: env.REDIS_URL,
      env: {
        // Only scripted failures: every other send succeeds at once.
        'mock-api': {
          MOCK_RATE_LIMIT_PERCENT: '0',
          MOCK_ERROR_PERCENT: '0',
          MOCK_SLOW_PERCENT: '0',
        },
        api: {
          QUEUE_PREFIX: env.QUEUE_PREFIX,
          API_KEYS: env.API_KEYS,
          ...FLAKY_ONLY_ENV,
          DASHBOARD_DIR: dashboardDir,
        },
        processor: { QUEUE_PREFIX: env.QUEUE_PREFIX, ...FLAKY_ONLY_ENV },
      },
      output: (name) => join(logs, `${name}.log`),
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    // The operator's link: the key travels in the fragment, never to the server's logs.
    await page.goto(`${platform.api.url}/#key=${TEST_API_KEY}`);
    await page.getByTestId('connection').filter({ hasText: 'live' }).waitFor({ timeout: 15_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    if (dashboardDir) rmSync(dashboardDir, { recursive: true, force: true });
  });

  const post = async (overrides: Parameters<typeof buildNotification>[0] = {}) => {
    const request = buildNotification(overrides);
    const response = await fetch(`${platform.api.url}/api/v1/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders },
      body: JSON.stringify(request),
    });
    return { request, id: acceptedNotificationSchema.parse(await response.json()).id };
  };
  const row = (id: string) => page.locator(`table[aria-label="Notifications"] tr[data-id="${id}"]`);
  const script = (recipient: string, outcomes: string[]) =>
    fetch(`${platform.mockApi.url}/control/outcomes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ recipient, outcomes }),
    });
  const viewOf = async (id: string) =>
    notificationViewSchema.parse(
      await (
        await fetch(`${platform.api.url}/api/v1/notifications/${id}`, { headers: authHeaders })
      ).json(),
    );
  /** The page at a query string, its key kept in the tab's session, once live again. */
  const open = async (target: Page, query: string) => {
    await target.goto(`${platform.api.url}/${query}`);
    await target.getByTestId('connection').filter({ hasText: 'live' }).waitFor({ timeout: 15_000 });
  };
  /** Presses Tab (at most `limit` times) until `reached` says focus is where it should be. */
  const tabUntil = async (target: Page, reached: () => Promise<boolean>, limit = 100) => {
    for (let presses = 0; presses < limit; presses += 1) {
      if (await reached()) return presses;
      await target.keyboard.press('Tab');
    }
    throw new Error(`not reached within ${limit} Tab presses`);
  };
  /** How the open detail fits its panel: sideways overflow, and whether every error is inside. */
  const detailFit = (target: Page) =>
    target.evaluate(() => {
      const dialog = document.querySelector('[role="dialog"]') as HTMLElement;
      const box = dialog.getBoundingClientRect();
      const errors = [...dialog.querySelectorAll('.attempts .wrap-error')].map((e) =>
        e.getBoundingClientRect(),
      );
      return {
        width: Math.round(box.width),
        overflow: dialog.scrollWidth - dialog.clientWidth,
        errors: errors.length,
        inside: errors.every((e) => e.left >= box.left && e.right <= box.right + 0.5),
      };
    });

  it('shows a posted notification arrive and turn sent without a reload', async () => {
    const { id } = await post();
    await row(id).waitFor({ timeout: 10_000 });
    await page.locator(`tr[data-id="${id}"][data-status="sent"]`).waitFor({ timeout: 15_000 });
    // The header is an aggregate pushed once a second (OVERVIEW_PUSH_MS), not per event.
    await expect
      .poll(() => page.getByTestId('count-sent').textContent(), { timeout: 5_000 })
      .toMatch(/[1-9]/);
  });

  it('shows only matching rows once the status filter is applied, live ones included', async () => {
    await page.getByLabel('Status', { exact: true }).selectOption('sent');
    await expect.poll(() => page.url()).toContain('status=sent');
    const { id } = await post();
    await page.locator(`tr[data-id="${id}"][data-status="sent"]`).waitFor({ timeout: 15_000 });
    const statuses = await page
      .locator('table[aria-label="Notifications"] tbody tr[data-status]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['sent']));
  });

  it('keeps a filtered view right when retried notifications turn sent after newer ones', async () => {
    await open(page, '?type=sms&status=sent');
    // Every third one fails once (a 500) and is retried about a second later (the
    // processor's base backoff): it turns sent after the ones posted behind it.
    const posted: { id: string; retried: boolean }[] = [];
    for (let i = 0; i < 12; i += 1) {
      const request = buildNotification();
      const retried = i % 3 === 0;
      if (retried) await script(request.recipient, ['error']);
      posted.push({ id: (await post(request)).id, retried });
    }
    const statuses = async () =>
      (await Promise.all(posted.map(({ id }) => viewOf(id)))).map((view) => view.status);
    await expect.poll(statuses, { timeout: 30_000 }).toEqual(posted.map(() => 'sent'));
    const views = await Promise.all(posted.map(({ id }) => viewOf(id)));
    // The arrivals really were out of order: a retried one turned sent after a newer one.
    const sentAt = new Map(views.map((view) => [view.id, view.sent_at ?? '']));
    expect(
      posted.some(
        ({ id, retried }, i) =>
          retried && posted.slice(i + 1).some((newer) => sentAt.get(newer.id)! < sentAt.get(id)!),
      ),
    ).toBe(true);

    const shown = () =>
      page
        .locator('table[aria-label="Notifications"] tbody tr[data-id]')
        .evaluateAll((rows) =>
          rows.map((r) => [r.getAttribute('data-id'), r.getAttribute('data-status')]),
        );
    await expect
      .poll(async () => (await shown()).map(([id]) => id), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(posted.map(({ id }) => id)));
    // Exactly what a reload shows: the api's own first page, in its order, all of them sent.
    const list = notificationPageSchema.parse(
      await (
        await fetch(`${platform.api.url}/api/v1/notifications?type=sms&status=sent&limit=50`, {
          headers: authHeaders,
        })
      ).json(),
    );
    const rows = await shown();
    expect(rows.map(([id]) => id).slice(0, list.items.length)).toEqual(
      list.items.map((item) => item.id),
    );
    expect(new Set(rows.map(([, status]) => status))).toEqual(new Set(['sent']));
    await open(page, '');
  });

  it('retries a failed notification from the page until it is sent', async () => {
    const recipient = '+14155559999';
    await script(recipient, ['bad_request']);
    await page.getByLabel('Status', { exact: true }).selectOption('failed');
    const { id } = await post({ recipient });
    await page.locator(`tr[data-id="${id}"][data-status="failed"]`).waitFor({ timeout: 15_000 });
    // The header is pushed once a second; let it catch up so the screenshot agrees with itself.
    await expect
      .poll(() => page.getByTestId('count-failed').textContent(), { timeout: 5000 })
      .toBe('1');
    await page.screenshot({ path: join(ROOT, 'docs/dashboard.png'), fullPage: true });

    await row(id).getByRole('button', { name: 'Retry' }).click();
    // It no longer matches the failed filter once re-queued, so it leaves the view.
    await row(id).waitFor({ state: 'detached', timeout: 15_000 });
    await expect
      .poll(
        async () => {
          const view = await viewOf(id);
          return [view.status, view.replays.length];
        },
        { timeout: 15_000 },
      )
      .toEqual(['sent', 1]);
  });

  it("shows each provider's health in the providers panel", async () => {
    await post();
    const panel = page.getByRole('region', { name: 'Providers' });
    const flaky = panel.getByRole('row', { name: /^flaky\b/ });
    const cells = flaky.getByRole('cell');
    // Counting this run's calls (the panel refetches every 5 s), served by the one processor.
    await expect
      .poll(async () => Number(await cells.nth(1).textContent()), { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(await cells.nth(5).textContent()).toBe('1');
    expect(await cells.first().textContent()).toBe('closed');
    await panel.screenshot({ path: join(ROOT, 'docs/providers-panel.png') });
  });

  it('opens, retries and closes the detail by keyboard alone, focus outlined throughout', async () => {
    const recipient = '+14155558888';
    await script(recipient, ['bad_request']);
    const { id } = await post({ recipient });
    await open(page, `?recipient=${encodeURIComponent(recipient)}`);
    await page.locator(`tr[data-id="${id}"][data-status="failed"]`).waitFor({ timeout: 15_000 });

    const focusedId = () => page.evaluate(() => document.activeElement?.getAttribute('data-id'));
    await tabUntil(page, async () => (await focusedId()) === id);
    // Outlined when focused by keyboard (hover only tints the background).
    const outline = await row(id).evaluate((tr) => {
      const style = getComputedStyle(tr);
      return `${style.outlineStyle} ${style.outlineWidth}`;
    });
    expect(outline).toBe('solid 3px');

    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Notification' });
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    // The attempt's error fits the 512 px panel: no sideways scrolling, nothing cut off.
    await dialog.locator('.attempts .wrap-error').first().waitFor();
    expect(await detailFit(page)).toEqual({ width: 512, overflow: 0, errors: 1, inside: true });

    const retry = dialog.getByRole('button', { name: 'Retry' });
    const presses = await tabUntil(
      page,
      () => retry.evaluate((b) => b === document.activeElement),
      10,
    );
    expect(presses).toBeLessThan(5);
    await page.keyboard.press('Enter');
    await dialog.locator('.badge-sent').waitFor({ timeout: 15_000 });
    expect((await viewOf(id)).replays).toHaveLength(1);

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focusedId()).toBe(id);
    await open(page, '');
  });

  it('fits a phone: rows as cards with type, recipient, status and updated, never sideways', async () => {
    const recipient = '+14155557777';
    await script(recipient, ['bad_request']);
    const { id } = await post({ recipient });
    await post();
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    phone.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await phone.goto(`${platform.api.url}/#key=${TEST_API_KEY}`);
    await phone.getByTestId('connection').filter({ hasText: 'live' }).waitFor({ timeout: 15_000 });
    await phone.locator(`tr[data-id="${id}"][data-status="failed"]`).waitFor({ timeout: 15_000 });
    const widths = await phone.evaluate(() => {
      const box = document.querySelector('.table-wrap') as HTMLElement;
      return {
        page: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
        table: box.scrollWidth - box.clientWidth,
      };
    });
    // A phone widens its layout viewport (zooming out) when content is too wide: it must not.
    expect(widths.viewport).toBe(390);
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    // Nor does the table scroll in its box: each row is a card.
    expect(widths.table).toBe(0);
    const failedRow = phone.locator(`tr[data-id="${id}"]`);
    const mustFit = [
      phone.getByLabel('Status', { exact: true }),
      phone.getByLabel('Campaign', { exact: true }),
      phone.getByTestId('count-failed'),
      phone.getByRole('img', { name: /Throughput/ }),
      phone.getByTestId('provider-flaky'),
      ...['Type', 'Recipient', 'Status', 'Created', 'Last error'].map((label) =>
        failedRow.locator(`td[data-label="${label}"]`),
      ),
    ];
    for (const element of mustFit) {
      const box = await element.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(widths.viewport);
    }
    await failedRow.scrollIntoViewIfNeeded();
    await phone.screenshot({ path: join(ROOT, 'docs/dashboard-phone.png') });

    // The detail takes the whole width, and the attempt's error wraps inside it.
    await failedRow.click();
    await phone.locator('[role="dialog"] .attempts .wrap-error').first().waitFor();
    expect(await detailFit(phone)).toEqual({ width: 390, overflow: 0, errors: 1, inside: true });
    await phone.close();
  });

  it('logged no errors to the console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
