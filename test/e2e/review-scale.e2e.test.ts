/**
 * Issue 11 proof: a 2,000-deck batch (30,000 images) reviewed by keyboard, through the
 * real engine in its own process and the built renderer in Chromium. The batch is written
 * into the queue database by the test itself (test/helpers/review-batch.ts: the real
 * QueueStore and migrations, processor results generated rather than 2,000 processor runs,
 * so the test stays well inside its time on a busy machine). Timings are never asserted:
 * `npm run bench review` measures them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { tempDir } from '../helpers/tmp';
import { seedBigBatch } from '../helpers/review-batch';
import type { ReviewCounts } from '../../src/shared/review';
import { axeViolations, buildRenderer, bundleWebPreload, chromiumSkip, EngineHost, launchChromium, openAppPage, pressButton, screenshot, textOf, waitFor } from './harness';

const LIST = '[data-testid="review-list"]';
const live = `document.querySelector('[data-testid="live"]').textContent`;
const current = `document.querySelector('[data-testid="review-option"][aria-selected="true"]')`;

async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (await page.evaluate((sel) => !!document.activeElement?.matches(sel), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${selector} with Tab`);
}

test('review at scale: 2,000 decks × 15 images, identical images decided once, by keyboard', { skip: chromiumSkip, timeout: 240_000 }, async (t) => {
  const work = tempDir(t, 'altdeck-review-scale-');
  const home = join(work, 'home');
  mkdirSync(home, { recursive: true });
  const batchId = seedBigBatch(home, 2000, 15);
  const host = new EngineHost(home);
  t.after(() => host.child.kill('SIGKILL'));
  await host.ready;
  const browser = await launchChromium(t);
  const { page } = await openAppPage(browser, buildRenderer(join(work, 'build')), host, await bundleWebPreload());
  await page.waitForSelector('[data-testid="dropzone"]');

  await pressButton(page, 'Review', 'nav');
  await page.waitForSelector('[data-testid="review-option"]');
  await waitFor(page, 'the decisions line', `/^24006 decisions for 30000 images/.test(document.querySelector('[data-testid="review-decisions"]')?.textContent ?? '')`, 120_000);
  // the list says how many decisions there are in all, and draws only what is on screen
  assert.equal(await page.$eval(`${LIST} [role="option"]`, (el) => el.getAttribute('aria-setsize')), '24006', 'nothing capped');
  const drawn = await page.$$eval('[data-testid="review-option"]', (els) => els.length);
  assert.ok(drawn < 60, `virtualised: ${drawn} options in the page`);
  // most copies first: the logo on every deck, then the five icons
  assert.match((await page.evaluate(`${current}.textContent`)) as string, /2000 copies in 2000 decks/);
  assert.match(await textOf(page, '[data-testid="review-detail"]'), /your decision applies to every copy/);
  await waitFor(page, 'every deck in the deck picker, not the first 200', `document.querySelector('[data-testid="review-deck"]').options.length === 2001`, 60_000);
  await screenshot(page, 'review-scale-01-open');
  assert.deepEqual(await axeViolations(page), [], 'axe: Review screen at 30,000 images');

  await tabTo(page, LIST);
  // one keystroke decides the logo in all 2,000 decks, and moves on
  await page.keyboard.press('a');
  await waitFor(page, 'the logo approved', `${live}.startsWith('Approved for 2000 copies, ')`);
  await waitFor(page, 'the next decision', `${current}?.getAttribute('aria-posinset') === '2'`);
  await waitFor(page, 'focus in the list', `document.activeElement?.matches('${LIST}')`);
  let c = await host.call<ReviewCounts>('review:counts', { batchId });
  assert.equal(c.reviewed, 2000);
  assert.equal(c.groupsDecided, 1);
  // the five icons (800 copies each across the decks), then single images: D, R, A, A, ...
  const keys = ['d', 'r', 'a', 'a', 'a', 'a', 'r', 'a'] as const;
  for (const [i, k] of keys.entries()) {
    await page.keyboard.press(k);
    await waitFor(page, `decision ${i + 2} saved, next shown`, `${current}?.getAttribute('aria-posinset') === '${i + 3}'`);
  }
  c = await host.call<ReviewCounts>('review:counts', { batchId });
  assert.equal(c.groupsDecided, 1 + keys.length);
  assert.ok(c.reviewed > 2000 + 1000, `icons decided for all their copies: ${c.reviewed}`);
  assert.equal(c.items, 30000);

  // moving past what is loaded loads the next page (200 at a time)
  await page.keyboard.press('End');
  await waitFor(page, 'the last loaded decision', `${current}?.getAttribute('aria-posinset') === '200'`);
  await page.keyboard.press('j');
  await waitFor(page, 'the next page', `${current}?.getAttribute('aria-posinset') === '201'`);
  assert.match(await textOf(page, '[data-testid="review-detail"]'), /Decision 201 of 24006/);

  // U undoes the current decision, for every copy
  await page.keyboard.press('Home');
  await waitFor(page, 'back at the logo', `${current}?.getAttribute('aria-posinset') === '1'`);
  await page.keyboard.press('u');
  await waitFor(page, 'the logo undone', `${live}.startsWith('Decision removed for 2000 copies')`);
  c = await host.call<ReviewCounts>('review:counts', { batchId });
  assert.equal(c.groupsDecided, keys.length);

  // one copy of the logo is decided on its own: open the list of copies, "Decide separately"
  await tabTo(page, '.review-members summary');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="review-members"] li');
  assert.deepEqual(await axeViolations(page), [], 'axe: the list of copies');
  await tabTo(page, '[data-testid="review-members"] button');
  await page.keyboard.press('Enter');
  await waitFor(page, 'the copy split off', `${live}.startsWith('Split off')`);
  await waitFor(page, 'focus back in the list', `document.activeElement?.matches('${LIST}')`);
  await waitFor(page, 'the logo now 1999 copies', `${current}?.textContent.includes('1999 copies in 1999 decks')`);
  assert.equal((await host.call<ReviewCounts>('review:counts', { batchId })).groups, 24007, 'one more decision to make');

  // bulk approval of OCR text asks once; it is undone as one action
  await tabTo(page, '[data-testid="review-source"]');
  for (let i = 0; i < 20 && !(await page.$eval('[data-testid="review-source"]', (s) => (s as HTMLSelectElement).value === 'ocr')); i++) await page.keyboard.press('ArrowDown');
  await waitFor(page, 'the OCR filter', `${current}?.textContent.includes('Text in image')`);
  await pressButton(page, 'Approve all from this source');
  await page.waitForSelector('[data-testid="confirm"][open]');
  assert.match(await textOf(page, '[data-testid="confirm"]'), /read from the image \(OCR\)/);
  assert.deepEqual(await axeViolations(page), [], 'axe: bulk approval confirmation');
  // the confirm button's label carries the count ("Approve 4286 images")
  await pressButton(page, await page.$eval('[data-testid="confirm"] button.primary', (b) => b.textContent!.trim()), '[data-testid="confirm"]');
  await waitFor(page, 'the OCR text approved', `${live}.startsWith('Approved ')`, 60_000);
  const approved = (await host.call<ReviewCounts>('review:counts', { batchId })).approved;
  await pressButton(page, (await page.$eval('[data-testid="review-undo-bulk"]', (b) => b.textContent!.trim())) as string);
  await waitFor(page, 'the bulk approval undone', `${live}.startsWith('Undone: ')`, 60_000);
  assert.ok((await host.call<ReviewCounts>('review:counts', { batchId })).approved < approved);
  await screenshot(page, 'review-scale-02-after-bulk');

  // the batch page's summary: counts for all 2,000 decks, a page of rows, none silently left out
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await pressButton(page, 'History', 'nav');
  await page.waitForSelector('[data-testid="history"]');
  await tabTo(page, `button[aria-label="Open batch ${batchId}"]`);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="review-sum-rows"] tr');
  await waitFor(page, 'the summary paging line', `document.querySelector('[data-testid="review-sum-shown"]')?.textContent.startsWith('100 of 2000 decks shown')`);
  await tabTo(page, '[data-testid="review-sum-wrap"]');
  assert.deepEqual(await axeViolations(page), [], 'axe: batch page with 2,000 decks to review');
  await host.shutdown();
});
