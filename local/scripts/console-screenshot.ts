/**
 * `npm run console:screenshot`: the README's pictures of the console, taken from a real run. It
 * starts the local cloud on free ports in a temporary folder, places an order through the console
 * and waits for it to ship, then photographs the architecture and that order's timeline with
 * Debian's chromium into docs/images/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromium } from '../../tests/support/browser.ts';
import { shopConsoleExtensions } from '../shop/console-extensions.ts';
import { startLocalCloud } from '../src/cloud.ts';

const rootDir = resolve(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'console-screenshot-'));
const cloud = await startLocalCloud({ rootDir, dataDir, edgePort: 0, httpPort: 0, console: shopConsoleExtensions() });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(`${cloud.consoleUrl}#/orders`);
  await page.click('[data-testid=place-order]');
  await page.locator('[data-testid=order-status]', { hasText: 'SHIPPED' }).waitFor({ timeout: 60_000 });
  await page.screenshot({ path: join(rootDir, 'docs/images/console-order.png') });
  await page.goto(`${cloud.consoleUrl}#/graph`);
  await page.waitForSelector('svg.architecture');
  await page.screenshot({ path: join(rootDir, 'docs/images/console-architecture.png') });
  console.log('docs/images/console-order.png and docs/images/console-architecture.png written');
} finally {
  await browser.close();
  await cloud.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
