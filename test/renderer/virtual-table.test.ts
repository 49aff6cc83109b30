/**
 * The deck table with 10,000 rows in Chromium: only the visible rows are in the
 * DOM, rows are fetched a page at a time, and scrolling reaches the last deck.
 * A stand-in API serves generated rows (no engine needed for this property).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tempDir } from '../helpers/tmp';
import { axeViolations, buildRenderer, chromiumSkip, launchChromium, screenshot } from '../e2e/harness';

const ROWS = 10_000;

/** Runs in the page before the app: a window.altdeck answering from memory. */
function installFakeApi(rows: number) {
  const calls: Array<{ offset: number; limit: number }> = [];
  const counts = { total: rows, pending: rows - 4000, running: 0, retrying: 0, succeeded: 3000, failed: 1000, skipped: 0, cancelled: 0 };
  const batch = { id: '20260101_000000_deadbeef', state: 'paused', createdAt: Date.now(), startedAt: null, finishedAt: null, reason: null, counts, settings: { outputDir: '/out' } };
  const stateOf = (i: number) => (i < 3000 ? 'succeeded' : i < 4000 ? 'failed' : 'pending');
  const job = (i: number) => ({
    id: i + 1, batchId: batch.id, inputPath: `/share/deck-${i + 1}.pptx`, relPath: `Course ${Math.floor(i / 100)}/deck-${i + 1}.pptx`,
    state: stateOf(i), attempts: 1, maxAttempts: 3, progressDone: 0, progressTotal: 0, workUnits: 5, outputPath: null,
    error: stateOf(i) === 'failed' ? { code: 'PROCESSOR_FAILED', message: 'boom' } : null, result: null, preflight: null,
    createdAt: 0, startedAt: null, finishedAt: null, runAfter: null, durationMs: null,
  });
  const ok = <T>(v: T) => Promise.resolve(v);
  (window as unknown as { __calls: typeof calls }).__calls = calls;
  (window as unknown as { altdeck: unknown }).altdeck = {
    getSettings: () => ok({ workers: 2, timeoutSec: 300, maxAttempts: 3, errorThreshold: 0.5, outputDir: '', altPolicy: 'preserve', modelServer: '', model: '', ocr: true, processor: '' }),
    listBatches: () => ok([batch]),
    interruptedBatches: () => ok([]),
    appInfo: () => ok({ version: 't', platform: 'linux', homeDir: '/h', logFile: '/h/l', pendingOpenFiles: [] }),
    getBatch: () => ok(batch),
    getProgress: () => ok({ batchId: batch.id, counts, unitsDone: 20000, unitsTotal: 50000, activeMs: 1, eta: { lowMs: 3.6e6, highMs: 5.4e6, unitsPerSec: 3, decksPerMin: 20 }, running: [] }),
    listJobs: (_id: string, q: { offset?: number; limit?: number; state?: string }) => {
      const offset = q?.offset ?? 0;
      const limit = q?.limit ?? 100;
      calls.push({ offset, limit });
      const all = q?.state ? Array.from({ length: rows }, (_, i) => i).filter((i) => stateOf(i) === q.state) : null;
      const total = all ? all.length : rows;
      const idx = all ? all.slice(offset, offset + limit) : Array.from({ length: Math.max(0, Math.min(limit, rows - offset)) }, (_, k) => offset + k);
      return ok({ total, jobs: idx.map(job) });
    },
    onEngineEvents: () => () => {},
    onAppEvent: () => () => {},
    getPathForFile: () => '',
  };
}

test('10,000 decks: a virtualized, paged, accessible table', { skip: chromiumSkip, timeout: 90_000 }, async (t) => {
  const url = buildRenderer(join(tempDir(t), 'build'));
  const browser = await launchChromium(t);
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on('pageerror', (e) => console.error('[page error]', e));
  // tsx wraps named functions in __name(); give the page a no-op one.
  await page.evaluateOnNewDocument(`var __name = (f) => f; (${installFakeApi.toString()})(${ROWS});`);
  await page.goto(url);
  await page.waitForSelector('[data-testid="job-row"] button');

  const rowsInDom = () => page.$$eval('[data-testid="job-row"]', (r) => r.length);
  assert.ok((await rowsInDom()) < 60, `only visible rows rendered, got ${await rowsInDom()}`);
  assert.equal(await page.$eval('[data-testid="job-table"]', (el) => el.getAttribute('aria-rowcount')), String(ROWS + 1));
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, '11-table-10000');

  // Scroll to the end: the last deck is shown, fetched by its own page.
  await page.$eval('.tbody', (el) => el.scrollTo({ top: el.scrollHeight }));
  await page.waitForFunction(() => document.body.innerText.includes('deck-10000.pptx'), { timeout: 20_000 });
  assert.ok((await rowsInDom()) < 60);
  const calls = await page.evaluate(() => (window as unknown as { __calls: Array<{ offset: number; limit: number }> }).__calls);
  assert.ok(calls.every((c) => c.limit <= 100), 'paged fetches');
  assert.ok(calls.some((c) => c.offset >= 9900), 'fetched the last page');
  assert.ok(!calls.some((c) => c.offset === 5000), 'did not fetch what was never on screen');

  // Filter by state: the count follows.
  await page.select('[data-testid="job-filter"]', 'failed');
  await page.waitForFunction(() => document.querySelector('[data-testid="job-table"]')?.getAttribute('aria-rowcount') === '1001');
  await page.waitForFunction(() => document.querySelector('[data-testid="job-row"]')?.textContent?.includes('PROCESSOR_FAILED'));
});
