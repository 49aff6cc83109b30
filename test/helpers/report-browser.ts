/**
 * The HTML reports in a real browser (html-axe.test.ts, dry-run-axe.test.ts): Debian's
 * Chromium with axe-core, the report opened from its file with every request and CSP
 * complaint recorded. Tests skip where Chromium is absent (`apt-get install -y chromium`).
 */
import type { TestContext } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import puppeteer, { type Page } from 'puppeteer-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const skipWithoutChromium = existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM}`;
const axeSource: string = createRequire(__filename)('axe-core').source;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown }>;
}

/** The report at desktop width; the browser closes when the test ends. `requests` includes data: URLs. */
export async function openReport(t: TestContext, dir: string, file: string): Promise<{ page: Page; requests: string[]; cspErrors: string[] }> {
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${join(dir, 'profile')}`,
    ],
  });
  t.after(() => browser.close());
  const page = await browser.newPage();
  const requests: string[] = [];
  const cspErrors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests, cspErrors };
}

const injected = new WeakSet<Page>();

/** axe's WCAG 2.1 A/AA and best-practice violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // axe runs through DevTools evaluation, which the page's CSP does not govern.
  if (!injected.has(page)) {
    await page.evaluate(axeSource);
    injected.add(page);
  }
  return (await page.evaluate(async () => {
    // @ts-expect-error injected above
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations;
  })) as AxeViolation[];
}

export const showViolations = (v: AxeViolation[]) => v.map((x) => `${x.impact} ${x.id}: ${x.help} ${JSON.stringify(x.nodes.slice(0, 3).map((n) => n.target))}`).join('\n');
export const seriousViolations = (v: AxeViolation[]) => v.filter((x) => x.impact === 'serious' || x.impact === 'critical');

/** How far the page itself scrolls sideways at this viewport width (0 or less: it reflows). */
export async function sidewaysScroll(page: Page, width: number): Promise<number> {
  await page.setViewport({ width, height: 900 });
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
