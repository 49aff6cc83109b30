/**
 * Issue 14 §3: search, filter and sort in a real browser (Debian's Chromium) under the
 * page's strict CSP: the script runs because its hash is in the CSP, the controls are
 * labelled and work from the keyboard, a live region says how many decks are shown, and
 * without script the page is the static report with every deck.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toHtml } from '../../src/core/report';
import { tempDir } from '../helpers/tmp';
import { axeViolations, openReport, seriousViolations as serious, showViolations as show, skipWithoutChromium as skip } from '../helpers/report-browser';
import { bigBatchInput } from './big-batch';

const N = 120;

test('search, filter and sort work under the CSP, by keyboard, with a live count; without script every deck is listed', { skip, timeout: 90_000 }, async (t) => {
  const dir = tempDir(t);
  const input = bigBatchInput([join(dir, 'absent.pptx')], N); // no previews needed here
  const file = join(dir, 'report.html');
  writeFileSync(file, toHtml(input));
  const { page, cspErrors } = await openReport(t, dir, file);
  assert.deepEqual(cspErrors, [], 'the script and the style are allowed by their hashes');

  const count = () => page.$eval('#deck-count', (el) => el.textContent);
  const visible = () => page.$$eval('#deck-list section.deck', (els) => els.filter((e) => !(e as HTMLElement).hidden).map((e) => e.querySelector('h3')!.textContent));
  const waitCount = (text: string) =>
    page.waitForFunction((x) => document.getElementById('deck-count')!.textContent === x, { timeout: 10_000 }, text).catch(async (e) => assert.fail(`${e.message}: expected "${text}", the page says "${await count()}"`));
  assert.equal(await page.$eval('#deck-tools', (el) => (el as HTMLElement).hidden), false);
  assert.equal(await count(), `Showing ${N} of ${N} decks.`);
  assert.equal(await page.$eval('#deck-count', (el) => `${el.getAttribute('role')} ${el.getAttribute('aria-live')}`), 'status polite');
  for (const id of ['deck-q', 'deck-show', 'deck-sort']) assert.equal(await page.$$eval(`label[for="${id}"]`, (l) => l.length), 1, `${id} has a label`);
  assert.equal(await page.$eval('#deck-clear', (b) => b.tagName), 'BUTTON');

  // Search by keyboard: Tab from the search field reaches every control in order.
  await page.focus('#deck-q');
  await page.keyboard.type('lecture 0007');
  await waitCount(`Showing 1 of ${N} decks.`);
  assert.deepEqual(await visible(), ['Course 8/Week 3/lecture 0007.pptx']);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement!.id), 'deck-show');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement!.id), 'deck-clear');
  await page.keyboard.press('Enter');
  await waitCount(`Showing ${N} of ${N} decks.`);
  assert.equal(await page.evaluate(() => document.activeElement!.id), 'deck-q', 'Clear returns to the search field');

  // Filter: failed or refused decks only (every 50th, the 97th), then missing ALT.
  await page.select('#deck-show', 'failed');
  await waitCount(`Showing 3 of ${N} decks.`);
  assert.deepEqual(await visible(), ['Course 2/Week 3/lecture 0097.pptx', 'Course 3/Week 1/lecture 0050.pptx', 'Course 5/Week 1/lecture 0100.pptx']);
  await page.select('#deck-show', 'missing');
  const missing = input.jobs.filter((j) => j.result && j.id % 4 >= 2).length;
  await waitCount(`Showing ${missing} of ${N} decks.`);

  // Sort: most missing ALT first; then back to folder and name.
  await page.select('#deck-show', 'all');
  await page.select('#deck-sort', 'missing');
  const order = await page.$$eval('#deck-list section.deck', (els) => els.map((e) => Number(e.getAttribute('data-missing'))));
  assert.deepEqual(order, [...order].sort((a, b) => b - a));
  await page.select('#deck-sort', 'severity');
  assert.equal(await page.$eval('#deck-list section.deck', (e) => e.getAttribute('data-outcome')), 'failed', 'failed decks first');

  const violations = await axeViolations(page);
  assert.deepEqual(serious(violations), [], show(violations));

  // Without script: the controls stay hidden, every deck and the ranked summary are there.
  const noScript = await page.browser().newPage();
  await noScript.setJavaScriptEnabled(false);
  await noScript.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  assert.equal(await noScript.$eval('#deck-tools', (el) => (el as HTMLElement).hidden), true);
  assert.equal(await noScript.$$eval('#deck-list section.deck', (els) => els.filter((e) => (e as HTMLElement).offsetHeight > 0).length), N);
  assert.ok((await noScript.$$eval('ol li a[href^="#deck-"]', (a) => a.length)) > 10, 'the ranked attention lists link to the decks');
});
