import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedNotificationSchema, notificationViewSchema } from '@notify/shared';
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
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
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

  it('retries a failed notification from the page until it is sent', async () => {
    const recipient = '+14155559999';
    await fetch(`${platform.mockApi.url}/control/outcomes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ recipient, outcomes: ['bad_request'] }),
    });
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
          const view = notificationViewSchema.parse(
            await (
              await fetch(`${platform.api.url}/api/v1/notifications/${id}`, {
                headers: authHeaders,
              })
            ).json(),
          );
          return [view.status, view.replays.length];
        },
        { timeout: 15_000 },
      )
      .toEqual(['sent', 1]);
  });

  it('fits a phone screen: the page never scrolls sideways, the table scrolls in its box', async () => {
    const { id } = await post();
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true });
    await phone.goto(`${platform.api.url}/#key=${TEST_API_KEY}`);
    await phone.getByTestId('connection').filter({ hasText: 'live' }).waitFor({ timeout: 15_000 });
    await phone.locator(`tr[data-id="${id}"]`).waitFor({ timeout: 15_000 });
    const widths = await phone.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    }));
    // A phone widens its layout viewport (zooming out) when content is too wide: it must not.
    expect(widths.viewport).toBe(375);
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    // Every control and counter must be reachable without sideways scrolling.
    const mustFit = [
      phone.getByLabel('Status', { exact: true }),
      phone.getByLabel('Campaign', { exact: true }),
      phone.getByTestId('count-failed'),
      phone.getByRole('img', { name: /Throughput/ }),
    ];
    for (const element of mustFit) {
      const box = await element.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(widths.viewport);
    }
    await phone.screenshot({ path: join(ROOT, 'docs/dashboard-phone.png') });
    await phone.close();
  });

  it('logged no errors to the console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
