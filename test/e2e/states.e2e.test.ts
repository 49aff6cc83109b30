/**
 * Issue 12 "States a person understands", end to end on the real built-in processor
 * (OCR on, one worker) through the app's process boundary (harness.ts: this process
 * plays main, the engine runs in its own process). Screenshots in test-artifacts/screens/states-*.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { makeDeck } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { waitUntil } from '../helpers/wait';
import type { BatchInfo } from '../../src/shared/types';
import { axeViolations, buildRenderer, bundleWebPreload, chromiumSkip, clickButton, dropPaths, EngineHost, launchChromium, openAppPage, screenshot, textOf, waitFor } from './harness';

const pill = `document.querySelector('[data-testid="batch-state"]')?.textContent`;
const count = (state: string) => `Number(document.querySelector('.count-${state} .count-n')?.textContent ?? -1)`;

async function assertAccessible(page: Page, screen: string) {
  assert.deepEqual(await axeViolations(page), [], `axe: serious/critical problems on ${screen}`);
}

test('states on the built-in processor: processors counted, Stopped (resumable) without an ETA, Cancel asks, Completed with a failure is not green, one notification', { skip: chromiumSkip, timeout: 240_000 }, async (t) => {
  const work = tempDir(t, 'altdeck-e2e-states-');
  const home = join(work, 'home');
  const decks = join(work, 'decks');
  // Real pictures the processor reads with OCR: a few seconds a deck on one worker.
  for (let i = 1; i <= 6; i++) await makeDeck(join(decks, `d${i}.pptx`), { slides: 2, picturesPerSlide: 2, imageSize: [320, 240], title: (n) => `Cardiology ${i} slide ${n}` });
  // Deleted from the share after the batch was made: a real failure, not a check's refusal.
  const gone = await makeDeck(join(decks, 'z-removed-from-share.pptx'), { slides: 1 });

  const host = new EngineHost(home);
  t.after(() => host.child.kill('SIGKILL'));
  await host.ready;
  await host.call('settings:set', { workers: 1, outputDir: join(work, 'out'), ocr: true });
  const browser = await launchChromium(t);
  const { page } = await openAppPage(browser, buildRenderer(join(work, 'build')), host, await bundleWebPreload());
  await page.waitForSelector('[data-testid="dropzone"]');
  await dropPaths(page, [decks]);
  await page.waitForSelector('[data-testid="verdict"]', { timeout: 60_000 });
  await clickButton(page, 'Start batch (7 decks)');
  await waitFor(page, 'the batch running', `${pill} === 'Running'`);
  rmSync(gone);

  // Running counts processors: with one worker never 2, while the next deck is prepared beside it.
  const seen = { maxRunning: 0, preparing: false, eta: false, both: false };
  await waitUntil('a deck being prepared beside the running one, and an ETA', async () => {
    const s = await page.evaluate(
      (r, p) => ({ running: Number(eval(r)), preparing: !!document.querySelector('[data-testid="count-preparing"]'), eta: /\d.*left/.test(document.querySelector('[data-testid="eta"]')?.textContent ?? ''), state: eval(p) }),
      count('running'),
      pill,
    );
    if (s.state === 'Running') seen.maxRunning = Math.max(seen.maxRunning, s.running);
    seen.preparing ||= s.preparing;
    seen.eta ||= s.eta;
    // For the screenshot: one processor running, the next deck prepared beside it, an ETA.
    seen.both = s.running === 1 && s.preparing && s.eta;
    return seen.both;
  }, { intervalMs: 50, timeoutMs: 120_000 });
  assert.ok(seen.maxRunning <= 1, `"Running" showed ${seen.maxRunning} with one worker`);
  assert.match(await textOf(page, '[data-testid="keep-awake"]'), /kept awake/);
  assert.deepEqual(host.sleepBlocked, [true], 'the machine is kept awake while the batch runs');
  await screenshot(page, 'states-01-running');

  // Stop: "Stopped (resumable)", never a Running pill or an ETA beside the stopped notice.
  await clickButton(page, 'Stop');
  await waitFor(page, 'stopped', `${pill} === 'Stopped (resumable)'`);
  const stopped = await page.evaluate(() => ({
    eta: document.querySelector('[data-testid="eta"]')?.textContent ?? '',
    rate: !!document.querySelector('[data-testid="rate"]'),
    reason: document.querySelector('.reason')?.textContent ?? '',
    awake: !!document.querySelector('[data-testid="keep-awake"]'),
    resume: [...document.querySelectorAll('button')].some((b) => b.textContent === 'Resume'),
  }));
  assert.doesNotMatch(stopped.eta, /left/, `no ETA when stopped: ${stopped.eta}`);
  assert.equal(stopped.rate, false);
  assert.match(stopped.reason, /Stopped by user/);
  assert.equal(stopped.awake, false);
  assert.equal(stopped.resume, true, 'a stopped batch offers Resume');
  const b1 = (await host.call<BatchInfo[]>('engine:listBatches'))[0];
  assert.equal(b1.counts.running, 0);
  await waitUntil('sleep allowed again and the taskbar progress removed', () => host.sleepBlocked.at(-1) === false && host.progressBar.at(-1) === -1);
  assert.equal(host.notifications.length, 0, 'no notification for the person’s own Stop');
  await screenshot(page, 'states-02-stopped');
  await assertAccessible(page, 'stopped batch');

  // Resume, then Cancel batch asks first; Escape keeps the batch running.
  await clickButton(page, 'Resume');
  await waitFor(page, 'running again, controls ready', `${pill} === 'Running' && [...document.querySelectorAll('button')].some((b) => b.textContent === 'Cancel batch' && !b.disabled)`);
  await clickButton(page, 'Cancel batch');
  await page.waitForSelector('[data-testid="confirm"][open]');
  assert.match(await textOf(page, '[data-testid="confirm"]'), /Cancel this batch\?/);
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Keep the batch', 'focus starts on the safe answer');
  await screenshot(page, 'states-03-confirm-cancel');
  await assertAccessible(page, 'cancel confirmation');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="confirm"]', { hidden: true });
  assert.equal((await host.call<BatchInfo[]>('engine:listBatches'))[0].counts.cancelled, 0, 'Escape cancelled nothing');

  // Completed with a failed deck: says so, and is not success green.
  await waitFor(page, 'completed with a failure', `${pill} === 'Completed: 1 failed'`, 180_000);
  const colour = await page.$eval('[data-testid="batch-state"]', (el) => getComputedStyle(el).color);
  const green = await page.evaluate(() => {
    const probe = document.createElement('span');
    probe.style.color = 'var(--ok)';
    document.body.append(probe);
    const c = getComputedStyle(probe).color;
    probe.remove();
    return c;
  });
  assert.notEqual(colour, green, 'a batch with a failed deck is not shown in success green');
  const final = (await host.call<BatchInfo[]>('engine:listBatches'))[0];
  assert.equal(final.state, 'completed');
  assert.deepEqual([final.counts.succeeded, final.counts.failed], [6, 1], JSON.stringify(final.counts));
  await waitUntil('the finish notification', () => host.notifications.length > 0);
  assert.deepEqual(host.notifications, [{ title: 'Batch completed: 1 failed', body: '6 of 7 decks done; 1 failed.' }], 'one notification when the batch finishes');
  assert.ok(host.progressBar.some((v) => v > 0 && v < 1), `taskbar progress moved: ${host.progressBar.join(' ')}`);
  assert.equal(host.progressBar.at(-1), -1);
  assert.equal(host.sleepBlocked.at(-1), false);
  await screenshot(page, 'states-04-completed-with-failure');
  await assertAccessible(page, 'completed batch with a failure');
  await host.shutdown();
});
