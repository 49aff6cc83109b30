/**
 * The dry run's HTML report in a real browser (Debian's Chromium + axe-core), as the
 * processing report is checked in html-axe.test.ts: no serious or critical issue, its
 * style kept under its own CSP, nothing loaded, reflow at 320 px. Skips without Chromium.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeDeck } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { axeViolations, openReport, seriousViolations as serious, showViolations as show, sidewaysScroll, skipWithoutChromium as skip } from '../helpers/report-browser';
import { silentLogger } from '../../src/core/log';
import { Engine } from '../../src/core/engine';

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

  const { page, requests, cspErrors } = await openReport(t, dir, file);
  assert.deepEqual(requests, [pathToFileURL(file).href], 'the report loads nothing but itself');
  assert.deepEqual(cspErrors, []);
  // The stylesheet survived the CSP: table headers have their background.
  assert.equal(await page.$eval('thead th', (el) => getComputedStyle(el).backgroundColor), 'rgb(238, 241, 244)');
  assert.equal(await page.$$eval('script', (s) => s.length), 0);

  const desktop = await axeViolations(page);
  assert.deepEqual(serious(desktop), [], show(desktop));
  for (const width of [640, 320]) {
    const overflow = await sidewaysScroll(page, width);
    assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px at ${width}px`);
  }
  assert.deepEqual(serious(await axeViolations(page)), [], 'at 320 px too');
});
