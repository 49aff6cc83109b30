/**
 * The desktop app end to end: Debian's Chromium runs the built renderer; its
 * window.altdeck reaches the same handler table Electron main registers, backed by
 * the real engine, SQLite and processor subprocesses in a child process — which
 * the test SIGKILLs mid-batch as a crash, then restarts on the same database.
 * Screens are saved under test-artifacts/screens/.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { corpusFile, corpusSkip } from '../helpers/corpus';
import { makeDeck } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { waitUntil } from '../helpers/wait';
import { fixtureCommandLine } from '../fixtures/processors';
import type { BatchInfo } from '../../src/shared/types';
import {
  axeViolations,
  buildRenderer,
  bundleWebPreload,
  chromiumSkip,
  clickButton,
  pressButton,
  EngineHost,
  emitAppEvent,
  dropPaths,
  launchChromium,
  openAppPage,
  screenshot,
  textOf,
  waitFor,
  type AppPage,
} from './harness';

// One worker and ~4 s per deck: slow enough to pause, stop and crash mid-batch on a busy machine.
const SLOW_ENV = { ALTDECK_TEST_STEPS: '16', ALTDECK_TEST_STEP_MS: '250' };

/** What IT does to use a school's own processor: settings.json in the data folder (the window cannot). */
function writeProcessorSetting(home: string, processor: string) {
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'settings.json'), JSON.stringify({ processor }));
}

async function assertAccessible(page: Page, screen: string) {
  const v = await axeViolations(page);
  assert.deepEqual(v, [], `axe found serious/critical problems on the ${screen} screen`);
}

const count = (state: string) => `Number(document.querySelector('.count-${state} .count-n')?.textContent ?? -1)`;
const batchState = `document.querySelector('[data-testid="batch-state"]')?.textContent`;

async function nav(page: Page, view: string) {
  await page.click(`[data-nav="${view}"]`);
}

interface Variant {
  name: string;
  deckDir: string;
  good: number;
  bad: number;
  /** Codes the verdict must show for the bad files. */
  badCodes: string[];
  /** Add through the keyboard and the pick dialog instead of a drop. */
  keyboard: boolean;
  shots: boolean;
}

async function runFlow(t: TestContext, v: Variant) {
  // The keyboard variant reaches every control with Tab and presses Enter.
  const press = (label: string, scope?: string) => (v.keyboard ? pressButton(app.page, label, scope) : clickButton(app.page, label, scope));
  const work = tempDir(t, 'altdeck-e2e-');
  const home = join(work, 'home');
  const outDir = join(work, 'out');
  const url = buildRenderer(join(work, 'build'));
  const preload = await bundleWebPreload();
  const env = { ...SLOW_ENV, ALTDECK_E2E_PICK: JSON.stringify([v.deckDir]) };
  const shot = (name: string) => (v.shots ? screenshot(app.page, name) : Promise.resolve());

  // A custom processor comes only from the settings file (issue 12): a slow one so progress is observable.
  writeProcessorSetting(home, fixtureCommandLine('slow'));
  const host1 = new EngineHost(home, env);
  t.after(() => host1.child.kill('SIGKILL'));
  await host1.ready;
  const browser = await launchChromium(t);
  const app: AppPage = await openAppPage(browser, url, host1, preload);
  const { page } = app;
  await page.waitForSelector('[data-testid="dropzone"]');
  await shot('01-add-empty');
  await assertAccessible(page, 'empty add');

  // Settings persist through main's store; the processor is shown, never editable.
  await nav(page, 'settings');
  await page.waitForSelector('[data-testid="settings-processor"]');
  assert.match(await page.$eval('[data-testid="settings-processor"]', (el) => el.textContent ?? ''), /slow\.mjs.*settings file/s);
  assert.equal(await page.$('input#s-processor'), null, 'no processor field in the window');
  await page.click('#s-output');
  await page.keyboard.type(outDir);
  await page.click('#s-workers', { count: 3 });
  await page.keyboard.type('1');
  await shot('02-settings');
  await assertAccessible(page, 'settings');
  await clickButton(page, 'Save settings');
  await waitFor(page, 'settings saved', `document.querySelector('[data-testid="settings-status"]').textContent.includes('saved')`);
  const saved = await host1.call<{ processor: string; workers: number }>('settings:get');
  assert.equal(saved.workers, 1);
  assert.match(saved.processor, /slow\.mjs/);

  // The dry run appears as soon as the decks are added.
  await nav(page, 'add');
  await page.waitForSelector('[data-testid="dropzone"]');
  if (v.keyboard) {
    // Keyboard only: Tab from the top of the page to the pick button, Enter.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const label = await page.evaluate(() => document.activeElement?.textContent ?? '');
      if (label.startsWith('Choose a folder')) break;
    }
    assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ''), /Choose a folder/, 'the pick button is reachable by Tab');
    const ring = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    assert.equal(ring.style, 'solid', 'keyboard focus is visible');
    assert.ok(ring.width >= 2, `focus ring ${ring.width}px`);
    await page.keyboard.press('Enter');
  } else {
    await dropPaths(page, [v.deckDir]);
  }
  await page.waitForSelector('[data-testid="verdict"]', { timeout: 60_000 });
  assert.equal(await textOf(page, '[data-testid="accepted"]'), String(v.good));
  assert.equal(await textOf(page, '[data-testid="rejected"]'), String(v.bad));
  const rejects = await textOf(page, '[data-testid="rejects"]');
  for (const code of v.badCodes) assert.ok(rejects.includes(code), `reject ${code} shown in:\n${rejects}`);
  assert.match(rejects, /PowerPoint|password|damaged|presentation/i, 'each reject says what to do');
  await shot('03-verdict');
  await assertAccessible(page, 'verdict');

  // Start: progress and ETA move.
  await press(`Start batch (${v.good} decks)`);
  await waitFor(page, 'the batch running', `${batchState} === 'Running'`);
  await waitFor(page, 'an ETA range', `/\\d.*left/.test(document.querySelector('[data-testid="eta"]').textContent)`);
  const p1 = await page.$eval('[data-testid="batch-progress"]', (el) => (el as HTMLProgressElement).value);
  const eta1 = await textOf(page, '[data-testid="eta"]');
  await waitFor(page, 'progress to move', `document.querySelector('[data-testid="batch-progress"]').value > ${p1}`);
  await waitFor(page, 'the ETA to move', `document.querySelector('[data-testid="eta"]').textContent !== ${JSON.stringify(eta1)}`);
  await page.waitForSelector('[data-testid="inflight"] progress');
  await shot('04-batch-running');
  await assertAccessible(page, 'running batch');
  assert.ok(eta1.length > 0);
  assert.match(await textOf(page, '[data-testid="live"]'), /./, 'the live region announced something');

  // Pause: the decks in flight finish, none starts.
  await press('Pause');
  await waitFor(page, 'paused', `${batchState} === 'Paused'`);
  // issue 11 §4: the pressed button is replaced, focus stays in the controls (not on the page body)
  const focusInControls = `!!document.activeElement?.closest('[aria-label="Batch controls"]')`;
  if (v.keyboard) await waitFor(page, 'focus kept after Pause', focusInControls);
  await waitFor(page, 'nothing running when paused', `${count('running')} === 0`);
  const doneAtPause = (await page.evaluate(count('succeeded'))) as number;
  await shot('05-batch-paused');
  await assertAccessible(page, 'paused batch');
  const b = (await host1.call<BatchInfo[]>('engine:listBatches'))[0];
  assert.equal(b.state, 'paused');
  assert.equal(b.counts.running, 0);
  assert.equal(b.counts.succeeded, doneAtPause);

  // Resume, then Stop: interrupts at once, keeps progress.
  await press('Resume');
  await waitFor(page, 'running again', `${batchState} === 'Running'`);
  if (v.keyboard) await waitFor(page, 'focus kept after Resume', focusInControls);
  await waitFor(page, 'a deck in flight', `${count('running')} > 0`);
  await press('Stop');
  // Stop ends in "Stopped (resumable)", not "Paused" (issue 12).
  await waitFor(page, 'stopped', `${batchState} === 'Stopped (resumable)' && document.querySelector('.reason')?.textContent.includes('Stopped')`);
  const stopped = (await host1.call<BatchInfo[]>('engine:listBatches'))[0];
  assert.equal(stopped.counts.running, 0);
  assert.ok(stopped.counts.pending > 0, 'stopped decks went back to pending');
  assert.ok(stopped.counts.succeeded >= doneAtPause, 'progress kept');

  // Crash: SIGKILL the engine's process mid-batch.
  await press('Resume');
  await waitFor(page, 'a deck in flight before the crash', `${batchState} === 'Running' && ${count('running')} > 0`);
  host1.child.kill('SIGKILL');
  const ended = await host1.exited;
  assert.equal(ended.signal, 'SIGKILL');

  // The next start, on the same database, offers the interrupted batch.
  const host2 = new EngineHost(home, env);
  t.after(() => host2.child.kill('SIGKILL'));
  await host2.ready;
  app.setHost(host2);
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('[data-testid="recovery-banner"]', { timeout: 30_000 });
  assert.match(await textOf(page, '[data-testid="recovery-banner"]'), /interrupted/i);
  await shot('06-recovery-banner');
  await assertAccessible(page, 'recovery');
  await press('Resume', '[data-testid="recovery-banner"]');
  await waitFor(page, 'the batch to complete', `${batchState} === 'Completed'`, 120_000);
  const final = (await host2.call<BatchInfo[]>('engine:listBatches'))[0];
  assert.equal(final.state, 'completed');
  assert.equal(final.counts.succeeded, v.good, `every deck done: ${JSON.stringify(final.counts)}`);
  assert.equal(final.counts.rejected, v.bad, 'the decks the check refused are rejected, with their reason');
  assert.equal(final.counts.failed, 0, 'rejected decks are not failures');
  assert.equal(await page.evaluate(count('succeeded')), v.good);
  assert.match(await textOf(page, '[data-testid="eta"]'), /Finished/);
  await waitFor(page, 'the table to show every deck done', `[...document.querySelectorAll('[data-testid="job-row"]')].filter(r => r.textContent.includes('Done')).length === ${v.good}`);
  await shot('07-batch-done');
  await assertAccessible(page, 'completed batch');

  // Per-deck details (a dialog), then the table filtered.
  await page.click('[data-testid="job-row"] button[aria-label^="Details"]');
  await page.waitForSelector('[data-testid="job-details"][open]');
  await shot('08-deck-details');
  await assertAccessible(page, 'deck details');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="job-details"]', { hidden: true });
  // Rejected decks are in the batch as rejected, with their reason.
  await page.select('[data-testid="job-filter"]', 'rejected');
  await waitFor(page, 'filtered table', `document.querySelectorAll('[data-testid="job-row"]').length === ${v.bad}`);
  const failedRows = await textOf(page, '[data-testid="job-table"]');
  for (const code of v.badCodes) assert.ok(failedRows.includes(code), `rejected row shows ${code}`);
  assert.match(failedRows, /Not accepted/);
  await page.select('[data-testid="job-filter"]', 'all');
  await page.waitForSelector('[data-testid="job-row"] button[aria-label^="Open output"]');

  // Open output goes through main's openPath (recorded by the host).
  await page.click('[data-testid="job-row"] button[aria-label^="Open output"]');
  await waitFor(page, 'nothing failed', `!document.querySelector('.banner.error')`);
  await waitUntil('main to open the output', () => host2.opened.length > 0);
  assert.match(host2.opened[0] ?? '', /\.pptx$/);

  // Retry failed: nothing failed (rejected decks cannot succeed as they are), so it is not offered.
  assert.ok(!(await page.evaluate(() => [...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Retry failed'))), 'no Retry failed for rejects');
  assert.equal((await host2.call<BatchInfo[]>('engine:listBatches'))[0].counts.rejected, v.bad);

  await nav(page, 'history');
  await page.waitForSelector('[data-testid="history"]');
  assert.match(await textOf(page, '[data-testid="history"]'), /Completed/);
  await shot('09-history');
  await assertAccessible(page, 'history');

  // A second launch hands its files over (main sends open-files): the dry run runs on them at once.
  await emitAppEvent(page, { type: 'open-files', paths: [v.deckDir] });
  await page.waitForSelector('[data-testid="verdict"]');
  assert.equal(await textOf(page, '[data-testid="accepted"]'), String(v.good));

  // Quitting shows that the app is finishing.
  await emitAppEvent(page, { type: 'shutting-down', message: 'Finishing: stopping the decks in progress and saving the queue…' });
  await page.waitForSelector('[data-testid="finishing"]');
  await shot('10-finishing');

  const foreign = app.requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], 'the renderer made no network request');
  await host2.shutdown();
}

test('desktop app e2e on generated decks: verdict, progress, pause, stop, crash, resume', { skip: chromiumSkip, timeout: 240_000 }, async (t) => {
  const work = tempDir(t, 'altdeck-e2e-decks-');
  const deckDir = join(work, 'Lectures');
  for (let i = 1; i <= 6; i++) {
    await makeDeck(join(deckDir, i <= 3 ? `Week ${i}.pptx` : `Anatomy/Part ${i}.pptx`), {
      slides: 2,
      picturesPerSlide: 1 + (i % 2),
      // Distinct content: the engine skips a deck identical to one already done.
      title: (n) => `Lecture ${i}, slide ${n}`,
    });
  }
  writeFileSync(join(deckDir, 'notes.pptx'), 'this is not a deck, just text with a deck name');
  writeFileSync(join(deckDir, 'empty.pptx'), '');
  await runFlow(t, { name: 'generated', deckDir, good: 6, bad: 2, badCodes: ['NOT_ZIP', 'EMPTY_FILE'], keyboard: false, shots: true });
});

test('desktop app e2e on real corpus decks (keyboard only)', { skip: chromiumSkip || corpusSkip, timeout: 240_000 }, async (t) => {
  const work = tempDir(t, 'altdeck-e2e-corpus-');
  const deckDir = join(work, 'Real decks');
  mkdirSync(deckDir, { recursive: true });
  const good = [
    'docling__powerpoint_with_image.pptx',
    'markitdown__pptx_multiple_images.pptx',
    'aspose__PresCameo.pptx',
    'docling__docling_ecosystem.pptx',
    'aspose__Funnel.pptx',
    'markitdown__pptx_complex_layout.pptx',
  ];
  const bad = ['aspose__OpenPasswordPresentation.pptx', 'aspose__Add a comment to a slide.pptx'];
  for (const f of [...good, ...bad]) copyFileSync(corpusFile(f), join(deckDir, f));
  await runFlow(t, { name: 'corpus', deckDir, good: good.length, bad: bad.length, badCodes: ['ENCRYPTED', 'NOT_PPTX'], keyboard: true, shots: false });
});

test('desktop app e2e: Start pressed twice makes one batch; Cancel batch stops at once and cancels what is left', { skip: chromiumSkip, timeout: 120_000 }, async (t) => {
  const work = tempDir(t, 'altdeck-e2e-cancel-');
  const deckDir = join(work, 'decks');
  for (let i = 1; i <= 3; i++) await makeDeck(join(deckDir, `Deck ${i}.pptx`), { title: (n) => `cancel ${i} ${n}` });
  const home = join(work, 'home');
  writeProcessorSetting(home, fixtureCommandLine('slow'));
  const host = new EngineHost(home, SLOW_ENV);
  t.after(() => host.child.kill('SIGKILL'));
  await host.ready;
  await host.call('settings:set', { workers: 1, outputDir: join(work, 'out') });
  const url = buildRenderer(join(work, 'build'));
  const browser = await launchChromium(t);
  const { page } = await openAppPage(browser, url, host, await bundleWebPreload());
  await page.waitForSelector('[data-testid="dropzone"]');
  await dropPaths(page, [deckDir]);
  await page.waitForSelector('[data-testid="verdict"]');
  // Start pressed twice (issue 8 §9: a second click made a second batch of the same decks). Both clicks
  // land before React re-renders, so the button is still enabled for the second one: the guard is the action's.
  await page.$eval('[data-testid="start-batch"]', (b) => {
    (b as HTMLButtonElement).click();
    (b as HTMLButtonElement).click();
  });
  await waitFor(page, 'a deck in flight', `${batchState} === 'Running' && ${count('running')} > 0`);
  assert.equal((await host.call<BatchInfo[]>('engine:listBatches')).length, 1, 'one batch for a double click on Start');
  await clickButton(page, 'Cancel batch');
  // Cancel asks first (issue 12); the person confirms.
  await page.waitForSelector('[data-testid="confirm"][open]');
  await clickButton(page, 'Cancel the batch', '[data-testid="confirm"]');
  await waitFor(page, 'cancelled', `${batchState} === 'Cancelled' && ${count('cancelled')} === 3`);
  const b = (await host.call<BatchInfo[]>('engine:listBatches'))[0];
  assert.equal(b.state, 'aborted');
  assert.equal(b.counts.cancelled, 3, JSON.stringify(b.counts));
  assert.equal(b.counts.running, 0);
  assert.equal(await page.$$eval('[data-testid="batch-progress"] ~ * button, .actions button', (bs) => bs.some((x) => x.textContent === 'Resume')), false, 'nothing left to resume');
  await host.shutdown();
});
