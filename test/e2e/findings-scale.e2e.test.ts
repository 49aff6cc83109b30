/**
 * The findings panel at the scale of a school (issues 11 and 13): 2,000 decks with 11
 * findings to decide and 3 as information each, written into the queue database by the test
 * (test/helpers/review-batch.ts), reviewed by keyboard through the real engine in its own
 * process and the built renderer in Chromium. Identical findings across the batch are one
 * decision; the list is paged and virtualised. Timings are never asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { tempDir } from '../helpers/tmp';
import { seedBigBatch, seedBigBatchChecks } from '../helpers/review-batch';
import type { FindingGroupsPage } from '../../src/shared/check-review';
import { axeViolations, buildRenderer, bundleWebPreload, chromiumSkip, EngineHost, launchChromium, openAppPage, pressButton, screenshot, textOf, waitFor } from './harness';

const LIST = '[data-testid="findings-list"]';
const live = `document.querySelector('[data-testid="live"]').textContent`;
const current = `document.querySelector('[data-testid="finding-option"][aria-selected="true"]')`;

async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (await page.evaluate((sel) => !!document.activeElement?.matches(sel), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${selector} with Tab`);
}

test('findings at scale: 2,000 decks, identical findings decided once, paged list, by keyboard', { skip: chromiumSkip, timeout: 240_000 }, async (t) => {
  const work = tempDir(t, 'altdeck-findings-scale-');
  const home = join(work, 'home');
  mkdirSync(home, { recursive: true });
  const batchId = seedBigBatch(home, 2000, 1);
  seedBigBatchChecks(home, batchId);
  const host = new EngineHost(home);
  t.after(() => host.child.kill('SIGKILL'));
  await host.ready;
  // 2,000 × 11 findings to decide: "Course overview" on two slides of every deck is one group of 4,000,
  // the header rows (each its own first row) 2,000 groups, the other titles 16,000
  const all = await host.call<FindingGroupsPage>('findings:groups', { batchId, query: { limit: 1 } });
  assert.deepEqual([all.findings, all.total, all.groups[0].members], [22_000, 18_001, 4000]);

  const browser = await launchChromium(t);
  const { page } = await openAppPage(browser, buildRenderer(join(work, 'build')), host, await bundleWebPreload());
  await page.waitForSelector('[data-testid="dropzone"]');
  await pressButton(page, 'Review', 'nav');
  await tabTo(page, '[data-testid="review-panel-findings"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="finding-option"]');
  await waitFor(page, 'the counts', `document.querySelector('[data-testid="findings-counts"]')?.textContent.startsWith('Decided 0 of 22000 findings')`, 120_000);
  assert.match(await textOf(page, '[data-testid="findings-counts"]'), /6000 findings listed as information/);
  assert.equal(await page.$eval(`${LIST} [role="option"]`, (el) => el.getAttribute('aria-setsize')), '18001', 'nothing capped');
  const drawn = await page.$$eval('[data-testid="finding-option"]', (els) => els.length);
  assert.ok(drawn < 60, `virtualised: ${drawn} options in the page`);
  assert.match((await page.evaluate(`${current}.textContent`)) as string, /4000 findings in 2000 decks/);
  assert.match(await textOf(page, '[data-testid="finding-detail"]'), /4000 identical findings in 2000 decks: your decision applies to every one/);
  await screenshot(page, 'findings-scale-01-open');
  assert.deepEqual(await axeViolations(page), [], 'axe: findings panel at 2,000 decks');

  // one keystroke approves the title in all 2,000 decks and moves on; R rejects the next
  await tabTo(page, LIST);
  await page.keyboard.press('a');
  await waitFor(page, 'the group approved', `${live} === 'Approved for 4000 findings, 18000 of 22000 left.'`, 60_000);
  await waitFor(page, 'the next finding', `${current}?.getAttribute('aria-posinset') === '2'`);
  await waitFor(page, 'focus in the list', `document.activeElement?.matches('${LIST}')`);
  await page.keyboard.press('r');
  await waitFor(page, 'the next one rejected', `${current}?.getAttribute('aria-posinset') === '3'`, 60_000);
  assert.match(await textOf(page, '[data-testid="findings-counts"]'), /^Decided 4001 of 22000 findings/);
  const decided = await host.call<FindingGroupsPage>('findings:groups', { batchId, query: { filter: 'decided', limit: 10 } });
  assert.deepEqual([decided.total, decided.decided], [2, 4001], 'saved in the database');

  // moving past what is loaded loads the next page (200 at a time)
  await page.keyboard.press('End');
  await waitFor(page, 'the last loaded finding', `${current}?.getAttribute('aria-posinset') === '200'`);
  await page.keyboard.press('j');
  await waitFor(page, 'the next page', `${current}?.getAttribute('aria-posinset') === '201'`, 60_000);
  assert.match(await textOf(page, '[data-testid="finding-detail"]'), /Finding 201 of 18001/);

  // U undoes the group's decision for all its members
  await page.keyboard.press('Home');
  await waitFor(page, 'back at the first', `${current}?.getAttribute('aria-posinset') === '1'`);
  await page.keyboard.press('u');
  await waitFor(page, 'undone', `${live}.startsWith('Decision removed for 4000 findings')`, 60_000);
  assert.match(await textOf(page, '[data-testid="findings-counts"]'), /^Decided 1 of 22000 findings/);
  await screenshot(page, 'findings-scale-02-after-undo');
  await host.shutdown();
});
