import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard, launchChromium } from '../support/browser';
import { startCampaignStack, type CampaignStack } from '../support/campaign-stack';
import { CAMPAIGN_FIXTURES } from '../support/campaign-upload';
import { TEST_API_KEY } from '../support/test-env';

const MAILING_LIST = join(CAMPAIGN_FIXTURES, 'mailing_list.csv');
const SEND_TIMEOUT_MS = 120_000;

/**
 * The campaigns pages of the built dashboard, served by the real api, in Debian's chromium:
 * the mailing list uploaded through the form and watched until every address is
 * sent, at 1 send per 300 ms (the mock e-mail API's 100 ms window plus the processor's
 * 200 ms margin), so about 31 s of live progress.
 */
describe('campaigns in the dashboard, in a browser', () => {
  let stack: CampaignStack;
  let browser: Browser;
  let dashboardDir: string | undefined;
  let page: Page;
  let campaignId: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    dashboardDir = buildDashboard();
    stack = await startCampaignStack('campaign-browser', {
      mockWindowMs: 100,
      processorWindowMs: 100,
      processorMarginMs: 200,
      tokenTtlSeconds: 1800,
      apiEnv: { DASHBOARD_DIR: dashboardDir },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(`${stack.platform.api.url}/#key=${TEST_API_KEY}`);
    await page.getByTestId('connection').filter({ hasText: 'live' }).waitFor({ timeout: 15_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (dashboardDir) rmSync(dashboardDir, { recursive: true, force: true });
  });

  const valueNow = async () =>
    Number(await page.getByRole('progressbar').getAttribute('aria-valuenow'));
  const count = (key: string) => page.getByTestId(`campaign-${key}`).textContent();

  it('uploads the mailing list through the form and lands on its page with the counts', async () => {
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('link', { name: 'Campaigns' })
      .click();
    await page.getByLabel('CSV file').setInputFiles(MAILING_LIST);
    await page.getByRole('button', { name: 'Upload and send' }).click();

    await page.waitForURL(/[?&]campaign=[0-9a-f-]{36}/, { timeout: 30_000 });
    campaignId = new URL(page.url()).searchParams.get('campaign')!;
    await page.getByRole('heading', { name: 'mailing_list.csv' }).waitFor();
    expect(await count('rows_read')).toBe('105');
    expect(await count('valid')).toBe('102');
    expect(await count('invalid')).toBe('3');
    expect(await count('queued')).toBe('102');
    expect(await page.getByRole('progressbar').getAttribute('aria-valuemax')).toBe('102');
  });

  it('shows the three invalid rows by line', async () => {
    const rows = page.getByRole('table', { name: 'Invalid rows' }).locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
    const cells = await rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)),
    );
    expect(cells).toEqual([
      ['3', 'invalid-email'],
      ['6', 'not-an-email'],
      ['9', '@domain.com'],
    ]);
  });

  it('downloads the invalid rows as CSV from the page, with the key', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`campaign-${campaignId}-invalid.csv`);
    const csv = readFileSync(await download.path(), 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('line,value,reason');
    // The api quotes every cell and defuses a leading @ (a spreadsheet formula) with a '.
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual([
      '"3","invalid-email"',
      '"6","not-an-email"',
      `"9","'@domain.com"`,
    ]);
  });

  it(
    'moves the progress bar while sending, without a reload, until 102 of 102 are done',
    async () => {
      const first = await valueNow();
      // Still sending when first read: 102 sends take about 31 s.
      expect(first).toBeLessThan(102);
      expect(await page.getByTestId('campaign-status').textContent()).toBe('sending');
      expect(await page.getByTestId('campaign-eta').textContent()).toMatch(/^about \d+ (s|min)$/);
      await expect.poll(valueNow, { timeout: 20_000 }).toBeGreaterThan(first);
      // Paused and resumed from the page: the status follows, and sending carries on.
      await page.getByRole('button', { name: 'Pause sending' }).click();
      await page.getByTestId('campaign-status').filter({ hasText: 'paused' }).waitFor();
      await page.getByRole('button', { name: 'Resume sending' }).click();
      await page.getByTestId('campaign-status').filter({ hasText: 'sending' }).waitFor();

      const seen = [first];
      await expect
        .poll(
          async () => {
            seen.push(await valueNow());
            return page.getByTestId('campaign-status').textContent();
          },
          { timeout: SEND_TIMEOUT_MS, interval: 1000 },
        )
        .toBe('completed');
      seen.push(await valueNow());

      expect(seen.at(-1)).toBe(102);
      expect(await page.getByRole('progressbar').getAttribute('aria-valuemax')).toBe('102');
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      // Live means many steps on the way, not one jump at the end.
      expect(new Set(seen.filter((value) => value > first && value < 102)).size).toBeGreaterThan(3);
      expect(await count('sent')).toBe('102');
      expect(await count('failed')).toBe('0');
      expect(await count('in_progress')).toBe('0');
      await expect.poll(() => page.getByTestId('campaign-eta').count()).toBe(0);
      await page.screenshot({ path: '/tmp/campaign-page.png', fullPage: true });
    },
    SEND_TIMEOUT_MS + 10_000,
  );

  it('opens the notifications list filtered to the campaign, and comes back', async () => {
    await page.getByRole('link', { name: "Show this campaign's notifications" }).click();
    await expect.poll(() => page.url()).toContain(`campaign_id=${campaignId}`);
    const rows = page.locator('table[aria-label="Notifications"] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(50);
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-status'),
        tr.querySelector('td[title]')?.getAttribute('title'),
      ]),
    );
    expect(new Set(shown.map(([status]) => status))).toEqual(new Set(['sent']));
    expect(new Set(shown.map(([, campaign]) => campaign))).toEqual(new Set([campaignId]));

    await page.goBack();
    await page.getByRole('heading', { name: 'mailing_list.csv' }).waitFor({ timeout: 10_000 });
    expect(await count('sent')).toBe('102');
  });

  it('lists the campaign as completed, 102 of 102 sent', async () => {
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('link', { name: 'Campaigns' })
      .click();
    // The list cached before sending shows at once and is refetched on display (stale).
    const row = page.locator(
      `table[aria-label="Campaigns"] tr[data-id="${campaignId}"][data-status="completed"]`,
    );
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain('102 / 102');
    await page.screenshot({ path: '/tmp/campaigns-list.png', fullPage: true });
  });

  it('fits a phone screen: the campaign pages never scroll sideways', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true });
    phone.on('pageerror', (error) => consoleErrors.push(error.message));
    phone.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const fits = async (mustFit: Locator[]) => {
      const widths = await phone.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
      }));
      expect(widths.viewport).toBe(375);
      expect(widths.page).toBeLessThanOrEqual(widths.viewport);
      for (const element of mustFit) {
        const box = await element.boundingBox();
        expect(box).not.toBeNull();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(widths.viewport);
      }
    };

    await phone.goto(`${stack.platform.api.url}/?campaign=${campaignId}#key=${TEST_API_KEY}`);
    await phone.getByRole('heading', { name: 'mailing_list.csv' }).waitFor({ timeout: 15_000 });
    await phone.locator('table[aria-label="Invalid rows"] tbody tr').first().waitFor();
    await fits([
      phone.getByRole('progressbar'),
      phone.getByTestId('campaign-in_progress'),
      phone.getByRole('button', { name: 'Download CSV' }),
    ]);
    await phone.screenshot({ path: '/tmp/campaign-page-phone.png', fullPage: true });

    await phone.getByRole('link', { name: '← All campaigns' }).click();
    await phone.getByLabel('CSV file').waitFor();
    await fits([
      phone.getByLabel('CSV file'),
      phone.getByLabel('Body'),
      phone.getByRole('button', { name: 'Upload and send' }),
    ]);
    await phone.close();
  });

  it('logged no errors to the console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
