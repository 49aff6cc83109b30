/**
 * The HTML report in a real browser: Debian's Chromium with axe-core, under the
 * page's own CSP, at desktop width and at the reflow width of 200% zoom.
 * Skips where Chromium is absent (`apt-get install -y chromium`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';
import { collectThumbnails, toHtml } from '../../src/core/report';
import { makeDeck } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { item, result, job, sampleInput } from './fixtures';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM}`;
const axeSource: string = createRequire(__filename)('axe-core').source;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown }>;
}

test('the HTML report passes axe (no serious or critical issues), keeps its styles under its CSP, loads nothing, reflows', { skip, timeout: 90_000 }, async (t) => {
  const dir = tempDir(t);
  const deck = await makeDeck(join(dir, 'week2.pptx'), { slides: 2, picturesPerSlide: 2 });
  const input = sampleInput();
  input.jobs.push(
    job(5, {
      relPath: 'week2.pptx',
      inputPath: deck,
      outputPath: null,
      result: result([
        item({ mediaPart: 'ppt/media/image-1-1.png', oldAlt: '<script>alert(1)</script>', oldAltVerdict: 'junk' }),
        item({ slide: 2, mediaPart: 'ppt/media/image-2-1.png', newAlt: 'Kidney cross-section, cortex labelled' }),
        item({ slide: 2, mediaPart: 'ppt/media/image7.emf', status: 'unresolved', newAlt: null }),
      ]),
    }),
  );
  // Names on shares are often one long word; they must wrap at 320 px too.
  input.jobs.push(job(6, { relPath: 'Kardiologie_Vorlesung_Woche_12_Herzinsuffizienz_und_Rhythmusstoerungen_FINAL_v3_korrigiert.pptx', state: 'failed', outputPath: null, error: { code: 'PROCESSOR_CRASHED', message: '' } }));
  const thumbs = await collectThumbnails(input.jobs);
  const file = join(dir, 'report.html');
  writeFileSync(file, toHtml(input, { thumbnails: thumbs }));

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
  page.on('request', (r) => {
    if (!r.url().startsWith('data:')) requests.push(r.url());
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

  assert.deepEqual(requests, [pathToFileURL(file).href], 'the report loads nothing but itself');
  assert.deepEqual(cspErrors, []);
  // The inline stylesheet survived the page's own CSP (its hash matches).
  const reviewBg = await page.$eval('.review', (el) => getComputedStyle(el).backgroundColor);
  assert.equal(reviewBg, 'rgb(255, 244, 206)');
  // Thumbnails really render (decoded, non-zero size).
  const imgs = await page.$$eval('img', (els) => els.map((e) => (e as HTMLImageElement).naturalWidth));
  assert.equal(imgs.length, 2);
  for (const w of imgs) assert.ok(w > 0);
  assert.equal(await page.$$eval('script', (s) => s.length), 0);

  // axe runs through DevTools evaluation, which the page's CSP does not govern.
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
  if (process.env.AXE_DEBUG) console.log(show(desktop));
  assert.deepEqual(serious(desktop), [], show(desktop));

  // 200% zoom of a 1280 px window is a 640 CSS px viewport; WCAG reflow asks for 320 px
  // without horizontal scrolling of the page itself.
  for (const width of [640, 320]) {
    await page.setViewport({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px at ${width}px`);
  }
  const narrow = await run();
  assert.deepEqual(serious(narrow), [], show(narrow));
});
