import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium, never a downloaded browser. The background-networking flags keep it
 * from calling out of this closed network at start (it would fail and retry in a loop).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Builds the dashboard into a directory of this test file's own and returns it: browser test
 * files run in parallel, and two builds emptying one `dashboard/dist` would pull the page out
 * from under each other. The caller deletes it when done (afterAll), as it alone knows when
 * the api serving it has stopped.
 */
export function buildDashboard(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'notify-dashboard-'));
  execFileSync(
    'npm',
    ['run', 'build', '-w', '@notify/dashboard', '--', '--outDir', outDir, '--emptyOutDir'],
    { cwd: resolve(import.meta.dirname, '../..'), stdio: 'ignore' },
  );
  return outDir;
}
