/**
 * The dry run's HTML report in a real browser (Debian's Chromium + axe-core), as the
 * processing report is checked in html-axe.test.ts: no serious or critical issue, its
 * style kept under its own CSP, nothing loaded, reflow at 320 px. Skips without Chromium.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';
import { makeDeck } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { silentLogger } from '../../src/core/log';
import { Engine } from '../../src/core/engine';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM}`;
const axeSource: string = createRequire(__filename)('axe-core').source;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown }>;
}

test('the dry-run HTML report passes axe, keeps its style under its CSP, loads nothing, reflows at 320 px', { skip, timeout: 90_000 }, async (t) => {
  const dir = tempDir(t);
  const inputs = join(dir, 'decks');
  await makeDeck(join(inputs, 'Kardiologie_Vorlesung_Woche_12_Herzinsuffizienz_und_Rhythmusstoerungen_FINAL_v3_korrigiert.pptx'), { slides: 3, picturesPerSlide: 2 });
  await makeDeck(join(inputs, 'week2', 'kidney.pptx'), { slides: 1, picturesPerSlide: 1 });
  writeFileSync(join(inputs, 'broken.pptx'), 'not a deck <script>alert(1)</script>');
  const engine = Engine.open({ home: join(dir, 'home'), logger: silentLogger });
  t.after(() => engine.close());
  const batch = await engine.createBatch({ inputs: [inputs], settings: { dryRun: true } });
  const file = await engine.writeReport(batch.id, 'html');

  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${join(dir, 'profile')}`],
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
  assert.deepEqual(requests, [pathToFileURL(file).href], 'the report loads nothing but itself');
  assert.deepEqual(cspErrors, []);
  // The stylesheet survived the CSP: table headers have their background.
  assert.equal(await page.$eval('thead th', (el) => getComputedStyle(el).backgroundColor), 'rgb(238, 241, 244)');
  assert.equal(await page.$$eval('script', (s) => s.length), 0);

  await page.evaluate(axeSource);
  const run = async () =>
    (await page.evaluate(async () => {
      // @ts-expect-error injected above
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
      return r.violations;
    })) as AxeViolation[];
  const show = (v: AxeViolation[]) => v.map((x) => `${x.impact} ${x.id}: ${x.help} ${JSON.stringify(x.nodes.slice(0, 3).map((n) => n.target))}`).join('\n');
  const serious = (v: AxeViolation[]) => v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
  const desktop = await run();
  assert.deepEqual(serious(desktop), [], show(desktop));
  for (const width of [640, 320]) {
    await page.setViewport({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px at ${width}px`);
  }
  assert.deepEqual(serious(await run()), [], 'at 320 px too');
});
