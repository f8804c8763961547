import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (apt `chromium`): Playwright cannot download its own browsers here. */
export const CHROMIUM_PATH = process.env.AIGW_CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether browser tests can run. Without Chromium they fail under CI (`CI` set: .ci/run installs
 * it, so a missing browser is a broken machine) and are skipped, with the reason, elsewhere.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI) return true; // let launch fail loudly
  console.warn(`[testkit] ${CHROMIUM_PATH} is missing: browser tests skipped (apt-get install -y chromium)`);
  return false;
}

/** Launches headless Chromium with flags that keep it quiet and offline. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--disable-dev-shm-usage',
    ],
  });
}
