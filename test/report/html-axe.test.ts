/**
 * The HTML report in a real browser: Debian's Chromium with axe-core, under the
 * page's own CSP, at desktop width and at the reflow width of 200% zoom.
 * Skips where Chromium is absent (`apt-get install -y chromium`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { collectThumbnails, toHtml } from '../../src/core/report';
import { makeDeck } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { axeViolations, openReport, seriousViolations as serious, showViolations as show, sidewaysScroll, skipWithoutChromium as skip } from '../helpers/report-browser';
import { item, result, job, sampleInput } from './fixtures';

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

  const opened = await openReport(t, dir, file);
  const { page, cspErrors } = opened;
  // the thumbnails are data: URLs inside the page itself
  const requests = opened.requests.filter((u) => !u.startsWith('data:'));

  assert.deepEqual(requests, [pathToFileURL(file).href], 'the report loads nothing but itself');
  assert.deepEqual(cspErrors, []);
  // The inline stylesheet survived the page's own CSP (its hash matches).
  const reviewBg = await page.$eval('.review', (el) => getComputedStyle(el).backgroundColor);
  assert.equal(reviewBg, 'rgb(255, 244, 206)');
  // Thumbnails really render (decoded, non-zero size).
  const imgs = await page.$$eval('img', (els) => els.map((e) => (e as HTMLImageElement).naturalWidth));
  assert.equal(imgs.length, 2);
  for (const w of imgs) assert.ok(w > 0);
  assert.equal(await page.$$eval('script', (s) => s.length), 1, 'the search, filter and sort script, allowed by its hash');
  assert.equal(await page.$eval('#deck-tools', (el) => (el as HTMLElement).hidden), false, 'the script ran under the CSP');
  // The image tables start closed (page height): open them so axe and the reflow check see them.
  await page.$$eval('details', (els) => els.forEach((e) => ((e as HTMLDetailsElement).open = true)));

  const desktop = await axeViolations(page);
  if (process.env.AXE_DEBUG) console.log(show(desktop));
  assert.deepEqual(serious(desktop), [], show(desktop));

  // 200% zoom of a 1280 px window is a 640 CSS px viewport; WCAG reflow asks for 320 px
  // without horizontal scrolling of the page itself.
  for (const width of [640, 320]) {
    const overflow = await sidewaysScroll(page, width);
    assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px at ${width}px`);
  }
  const narrow = await axeViolations(page);
  assert.deepEqual(serious(narrow), [], show(narrow));
});
