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
