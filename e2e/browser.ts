/**
 * Finding a Chromium for Playwright: $DEXSIM_CHROMIUM, then Debian's /usr/bin/chromium, then
 * Playwright's own download. Playwright's download cannot run on machines without internet,
 * which is why Debian's package comes first.
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function chromiumPath(): string {
  const fromEnv = process.env.DEXSIM_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`DEXSIM_CHROMIUM=${fromEnv} does not exist`);
    return fromEnv;
  }
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(p)) return p;
  let bundled: string;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = '';
  }
  if (bundled && existsSync(bundled)) return bundled;
  throw new Error(
    'No Chromium found. Install one with `apt-get install -y chromium` (Debian/Ubuntu), or point ' +
      'DEXSIM_CHROMIUM at a Chromium/Chrome binary, or run `npx playwright install chromium` where internet is available.',
  );
}
