/**
 * The Review screen end to end (issue #5): the real engine, SQLite and the built-in
 * processor in a child process; Debian's Chromium runs the built renderer. A person
 * reviews every generated ALT text BY KEYBOARD ONLY, the engine is SIGKILLed mid-review
 * (no decision may be lost), decisions go out and come back as a file (a second
 * reviewer), "Apply approved" writes the final deck through the queue, and the
 * written `descr` values are read back with JSZip.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { KeyInput, Page } from 'puppeteer-core';
import { corpusFile, corpusSkip } from '../helpers/corpus';
import { makeDeck, makeDeckBuffer } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { waitUntil } from '../helpers/wait';
import type { DecisionsFile, ReviewAction, ReviewGroup, ReviewItem } from '../../src/shared/review';
import type { BatchInfo, JobInfo } from '../../src/shared/types';
import { axeViolations, buildRenderer, bundleWebPreload, chromiumSkip, EngineHost, launchChromium, openAppPage, pressButton, screenshot, textOf, waitFor } from './harness';

const LIST = '[data-testid="review-list"]';
const batchState = `document.querySelector('[data-testid="batch-state"]')?.textContent`;
const DONE_LABEL: Record<ReviewAction, string> = { approve: 'Approved', edit: 'Edited', decorative: 'Marked decorative', reject: 'Kept the old ALT' };
const KEY: Record<Exclude<ReviewAction, 'edit'>, KeyInput> = { approve: 'a', decorative: 'd', reject: 'r' };

/** Keyboard only: Tab until the element matching `selector` has focus. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await page.evaluate((sel) => !!document.activeElement?.matches(sel), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${selector} with Tab`);
}

async function openReviewByKeyboard(page: Page, options: number) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await pressButton(page, 'Review', 'nav');
  await waitFor(page, 'the review list', `document.querySelectorAll('[data-testid="review-option"]').length === ${options}`);
  await tabTo(page, LIST);
}

const optionStatus = (i: number) => `document.querySelectorAll('[data-testid="review-option"]')[${i}]?.querySelector('.opt-status')?.textContent`;
const currentIndex = `[...document.querySelectorAll('[data-testid="review-option"]')].findIndex(o => o.getAttribute('aria-selected') === 'true')`;

/** A cNvPr (the shape's non-visual properties) by shape id: its descr and whether it is flagged decorative. */
function shapeAlt(xml: string, shapeId: string): { descr: string | null; decorative: boolean } {
  const re = /<(\w+:)?cNvPr\b([^>]*?)(\/>|>)/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const attrs = m[2];
    if (/\bid="([^"]*)"/.exec(attrs)?.[1] !== shapeId) continue;
    const d = /\bdescr="([^"]*)"/.exec(attrs)?.[1];
    const descr = d === undefined ? null : d.replace(/&#xA;|&#10;/gi, '\n').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    let body = '';
    if (m[3] === '>') {
      const end = xml.indexOf(`</${m[1] ?? ''}cNvPr>`, re.lastIndex);
      body = xml.slice(re.lastIndex, end);
    }
    return { descr, decorative: /decorative\b[^>]*\bval="(1|true)"/.test(body) };
  }
  throw new Error(`no shape ${shapeId}`);
}

interface Planned {
  /** The group's first member: what the screen shows. */
  item: ReviewItem;
  /** Every copy of the image: one decision writes all of them. */
  members: ReviewItem[];
  action: ReviewAction;
  text?: string;
}

/** One action per image, cycling through all four; approve needs a proposal, so an image without one is edited. */
function plan(groups: Array<{ rep: ReviewItem; members: ReviewItem[] }>, cycle: ReviewAction[]): Planned[] {
  return groups.map(({ rep: item, members }, i) => {
    let action = cycle[i % cycle.length];
    if (action === 'approve' && !item.item.newAlt) action = 'edit';
    return action === 'edit' ? { item, members, action, text: `Reviewer text ${i + 1}: a labelled diagram on slide ${item.item.slide}` } : { item, members, action };
  });
}

/** Every group of the batch with all its members (identical images are one decision). */
async function groupsOf(host: EngineHost, batchId: string): Promise<Array<{ rep: ReviewItem; members: ReviewItem[] }>> {
  const { groups } = await host.call<{ groups: ReviewGroup[] }>('review:groups', { batchId, query: { limit: 2000 } });
  const out = [];
  for (const g of groups) out.push({ rep: g.rep, members: (await host.call<{ items: ReviewItem[] }>('review:groupMembers', { batchId, groupKey: g.groupKey, limit: 2000 })).items });
  return out;
}

const images = (ps: Planned[]) => ps.reduce((n, p) => n + p.members.length, 0);

async function decideByKeyboard(page: Page, i: number, p: Planned) {
  assert.equal(await page.evaluate(currentIndex), i, `image ${i + 1} is the current one`);
  if (p.action === 'edit') {
    await page.keyboard.press('e');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'review-text', 'E focuses the text box');
    await page.keyboard.type(p.text!);
    await page.keyboard.press('Enter');
  } else {
    await page.keyboard.press(KEY[p.action]);
  }
  await waitFor(page, `image ${i + 1} ${p.action}`, `${optionStatus(i)} === ${JSON.stringify(DONE_LABEL[p.action])}`);
  // Every decision is announced with what is left, and focus is back in the list for the next key.
  const copies = p.members.length > 1 ? ` for ${p.members.length} copies` : '';
  await waitFor(page, 'the announcement', `/^${DONE_LABEL[p.action]}${copies}, \\d+ of \\d+ left\\.$/.test(document.querySelector('[data-testid="live"]').textContent)`);
  await waitFor(page, 'focus back in the list', `document.activeElement?.matches('${LIST}')`);
}

interface Variant {
  name: string;
  deckDir: string;
  decks: number;
  cycle: ReviewAction[];
  /** Also export, change one decision as a second reviewer would, and import it. */
  secondReviewer: boolean;
}

async function runReview(t: TestContext, v: Variant) {
  const work = tempDir(t, `altdeck-review-${v.name}-`);
  const home = join(work, 'home');
  const outDir = join(work, 'out');
  const downloads = join(work, 'downloads');
  mkdirSync(downloads, { recursive: true });
  const url = buildRenderer(join(work, 'build'));
  const preload = await bundleWebPreload();
  const shot = (name: string) => screenshot(page, `review-${v.name}-${name}`);

  // Process the decks with the built-in processor (the batch UI has its own e2e).
  const host1 = new EngineHost(home);
  t.after(() => host1.child.kill('SIGKILL'));
  await host1.ready;
  await host1.call('settings:set', { outputDir: outDir, workers: 1 });
  const batch = await host1.call<BatchInfo>('engine:createBatch', { inputs: [v.deckDir] });
  await host1.call('engine:start', { batchId: batch.id });
  for (let b = batch; b.state !== 'completed'; b = (await host1.call<BatchInfo>('engine:getBatch', { batchId: batch.id }))!) {
    assert.ok(!['aborted', 'interrupted'].includes(b.state), `batch ${b.state}: ${b.reason}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const { jobs } = await host1.call<{ jobs: JobInfo[] }>('engine:listJobs', { batchId: batch.id });
  assert.equal(jobs.filter((j) => j.state === 'succeeded').length, v.decks, JSON.stringify(jobs.map((j) => [j.relPath, j.state, j.error])));
  const groups = await groupsOf(host1, batch.id);
  assert.ok(groups.length >= 4, `at least four decisions to make, got ${groups.length}`);
  const planned = plan(groups, v.cycle);
  for (const a of ['approve', 'edit', 'decorative', 'reject'] as const) assert.ok(planned.some((p) => p.action === a), `the plan uses ${a}`);

  const browser = await launchChromium(t);
  const app = await openAppPage(browser, url, host1, preload);
  const { page } = app;
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  await page.waitForSelector('[data-testid="dropzone"]');

  await openReviewByKeyboard(page, groups.length);
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement!);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  assert.equal(ring.style, 'solid', 'the focused list shows a focus ring');
  assert.ok(ring.width >= 2);
  const keys = await textOf(page, '[data-testid="review-keys"]');
  for (const k of ['approve', 'edit', 'decorative', 'reject', 'next', 'previous']) assert.match(keys, new RegExp(k), `the shortcut for ${k} is on screen`);
  await page.waitForSelector('[data-testid="review-thumb"], [data-testid="review-thumb-placeholder"]');
  await shot('01-start');
  assert.deepEqual(await axeViolations(page), [], 'axe: Review screen');

  // The reviewer's name goes with each decision (and into the exported file).
  await tabTo(page, '[data-testid="review-reviewer"]');
  await page.keyboard.type('Ana Reviewer');
  await tabTo(page, LIST);

  // J / K move; the detail follows.
  await page.keyboard.press('j');
  await waitFor(page, 'next image', `${currentIndex} === 1`);
  await page.keyboard.press('ArrowUp');
  await waitFor(page, 'previous image', `${currentIndex} === 0`);

  // First half, then the engine's process dies (SIGKILL) mid-review.
  const half = Math.ceil(planned.length / 2);
  for (let i = 0; i < half; i++) await decideByKeyboard(page, i, planned[i]);
  await shot('02-mid-review');
  assert.deepEqual(await axeViolations(page), [], 'axe: Review screen with decisions');
  host1.child.kill('SIGKILL');
  assert.equal((await host1.exited).signal, 'SIGKILL');

  const host2 = new EngineHost(home);
  t.after(() => host2.child.kill('SIGKILL'));
  await host2.ready;
  app.setHost(host2);
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('[data-testid="dropzone"]');
  await openReviewByKeyboard(page, groups.length);
  assert.equal(await page.$eval('[data-testid="review-reviewer"]', (el) => (el as HTMLInputElement).value), 'Ana Reviewer', 'the name is remembered');
  for (let i = 0; i < half; i++) {
    await waitFor(page, `decision ${i + 1} shown after the crash`, `${optionStatus(i)} === ${JSON.stringify(DONE_LABEL[planned[i].action])}`);
  }
  const kept = await host2.call<{ total: number }>('review:items', { batchId: batch.id, query: { filter: 'decided' } });
  assert.equal(kept.total, images(planned.slice(0, half)), 'every decision made before the crash is in the database, for every copy');
  await shot('03-after-crash');

  // The rest: move to the first undecided image by keyboard, go on.
  for (let i = 0; i < half; i++) await page.keyboard.press('j');
  await waitFor(page, 'the first undecided image', `${currentIndex} === ${half}`);
  for (let i = half; i < planned.length; i++) await decideByKeyboard(page, i, planned[i]);
  const counts = await textOf(page, '[data-testid="review-counts"]');
  const n = (a: ReviewAction) => images(planned.filter((p) => p.action === a));
  assert.match(counts, new RegExp(`Reviewed ${images(planned)} of ${images(planned)}: ${n('approve')} approved, ${n('edit')} edited, ${n('decorative')} decorative, ${n('reject')} kept as they were`));
  assert.match(await textOf(page, '[data-testid="review-decisions"]'), new RegExp(`^${planned.length} decisions? for ${images(planned)} images?`));

  if (v.secondReviewer) {
    // Export (a download here; a save dialog in Electron), a second reviewer changes one decision, import.
    await pressButton(page, 'Export decisions (JSON)');
    const file = await waitUntil('the decisions file to be saved', () => readdirSync(downloads).find((f) => f.endsWith('.json')));
    const exported = JSON.parse(readFileSync(join(downloads, file), 'utf8')) as DecisionsFile;
    assert.equal(exported.schema, 'altdeck-decisions/1');
    assert.equal(exported.decisions.length, images(planned));
    assert.ok(exported.decisions.every((d) => d.reviewer === 'Ana Reviewer'), `each decision names its reviewer: ${JSON.stringify(exported.decisions.map((d) => d.reviewer))}`);
    const target = planned.findIndex((p) => p.action === 'approve' && p.members.length === 1);
    const theirs = `Second reviewer: ${planned[target].item.item.newAlt}, checked`;
    const row = exported.decisions.find((d) => d.itemKey === planned[target].item.itemKey && d.deckPath === planned[target].item.deckPath)!;
    Object.assign(row, { action: 'edit', text: theirs, reviewer: 'second', decidedAt: new Date(Date.now() + 60_000).toISOString() });
    const second = join(work, 'second-reviewer.json');
    writeFileSync(second, JSON.stringify(exported));
    const [chooser] = await Promise.all([page.waitForFileChooser(), pressButton(page, 'Import decisions…')]);
    await chooser.accept([second]);
    await waitFor(page, 'the import', `document.querySelector('[data-testid="live"]').textContent.startsWith('Imported 1 decision from')`);
    await waitFor(page, 'the imported decision shown', `${optionStatus(target)} === 'Edited'`);
    planned[target] = { ...planned[target], action: 'edit', text: theirs };
    // Apply must still cover every action: keep one approval.
    assert.ok(planned.some((p) => p.action === 'approve'), 'an approval is left');
  }

  // Apply approved asks first (issue 11 §4): Esc goes back with focus on the button, then confirm.
  await pressButton(page, 'Apply approved decisions');
  await page.waitForSelector('[data-testid="confirm"][open]');
  assert.deepEqual(await axeViolations(page), [], 'axe: the Apply approved confirmation');
  await page.keyboard.press('Escape');
  await waitFor(page, 'the dialog closed, focus back', `!document.querySelector('[data-testid="confirm"]') && document.activeElement?.textContent?.trim() === 'Apply approved decisions'`);
  assert.equal((await host2.call<BatchInfo[]>('engine:listBatches')).filter((b) => b.kind === 'apply').length, 0, 'going back applies nothing');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="confirm"][open]');
  await pressButton(page, 'Apply approved', '[data-testid="confirm"]');
  await waitFor(page, 'the apply batch to finish', `${batchState} === 'Completed'`, 120_000);
  assert.match(await textOf(page, '[data-testid="apply-note"]'), new RegExp(batch.id));
  const applyBatch = (await host2.call<BatchInfo[]>('engine:listBatches')).find((b) => b.kind === 'apply')!;
  assert.equal(applyBatch.parentBatchId, batch.id);
  assert.equal(applyBatch.counts.succeeded, v.decks, JSON.stringify(applyBatch.counts));
  await waitFor(page, 'the deck table to catch up', `[...document.querySelectorAll('[data-testid="job-row"]')].filter(r => r.textContent.includes('Done')).length === ${v.decks}`);
  await shot('04-applied');

  // The written deck: approved = proposal, edited = the reviewer's text, decorative = flag, rejected = original.
  const zips = new Map<string, JSZip>();
  const zip = async (p: string) => zips.get(p) ?? zips.set(p, await JSZip.loadAsync(readFileSync(p))).get(p)!;
  for (const p of planned.flatMap((g) => g.members.map((m) => ({ ...g, item: m })))) {
    const job = jobs.find((j) => j.id === p.item.jobId)!;
    assert.ok(job.outputPath && existsSync(job.outputPath), 'the final deck exists');
    const [part, shapeId] = p.item.itemKey.split('#');
    const out = shapeAlt(await (await zip(job.outputPath)).file(part)!.async('string'), shapeId);
    const orig = shapeAlt(await (await zip(job.inputPath)).file(part)!.async('string'), shapeId);
    const what = `${job.relPath} ${p.item.itemKey} (${p.action})`;
    if (p.action === 'approve') assert.equal(out.descr, p.item.item.newAlt, what);
    if (p.action === 'edit') assert.equal(out.descr, p.text, what);
    if (p.action === 'decorative') assert.equal(out.decorative, true, what);
    if (p.action === 'reject') assert.deepEqual(out, orig, what);
  }

  // The reviewed batch's view shows the counts per deck (reached from the history by keyboard).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await pressButton(page, 'History', 'nav');
  await page.waitForSelector('[data-testid="history"]');
  await tabTo(page, `button[aria-label="Open batch ${batch.id}"]`);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="review-sum-rows"] tr');
  const sums = await textOf(page, '[data-testid="review-summary"]');
  assert.match(sums, new RegExp(`Reviewed ${images(planned)} of ${images(planned)}`));
  const rows = await page.$$eval('[data-testid="review-sum-rows"] tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 7).map((td) => td.textContent)));
  for (const job of jobs) {
    const mine = planned.flatMap((g) => g.members.filter((m) => m.jobId === job.id).map(() => g));
    const c = (a: ReviewAction) => String(mine.filter((p) => p.action === a).length);
    assert.deepEqual(
      rows.find((r) => r[0] === job.relPath),
      [job.relPath, String(mine.length), String(mine.length), c('approve'), c('edit'), c('decorative'), c('reject')],
      `counts of ${job.relPath}`,
    );
  }
  await shot('05-batch-counts');
  assert.deepEqual(await axeViolations(page), [], 'axe: batch view with review counts');
  // the per-deck table's scroll box is reachable by keyboard (axe: scrollable-region-focusable)
  await tabTo(page, '[data-testid="review-sum-wrap"]');

  const foreign = app.requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(foreign, [], 'the renderer made no network request');
  await host2.shutdown();
}

test('review e2e on a generated deck: keyboard only, crash mid-review, second reviewer, apply', { skip: chromiumSkip, timeout: 240_000 }, async (t) => {
  const work = tempDir(t, 'altdeck-review-decks-');
  const deckDir = join(work, 'Lectures');
  // the pictures' original file names are the deck's evidence (AltDeck writes no slide-title filler)
  const names = ['left-ventricle.png', 'right-atrium.png', 'mitral-valve.png', 'aortic-arch.png', 'coronary-arteries.png', 'pulmonary-valve.png'];
  await makeDeck(join(deckDir, 'Cardiology week 1.pptx'), { slides: 3, picturesPerSlide: 2, title: (n) => `Cardiac cycle, part ${n}`, alt: (i) => names[i] });
  await runReview(t, { name: 'generated', deckDir, decks: 1, cycle: ['approve', 'edit', 'decorative', 'reject', 'approve', 'approve'], secondReviewer: true });
});

test('review e2e on real corpus decks: keyboard only, crash mid-review, apply', { skip: chromiumSkip || corpusSkip, timeout: 240_000 }, async (t) => {
  const work = tempDir(t, 'altdeck-review-corpus-');
  const deckDir = join(work, 'Real decks');
  mkdirSync(deckDir, { recursive: true });
  for (const f of ['tika__testPPT_2imgs.pptx', 'pandoc__images-output.pptx']) copyFileSync(corpusFile(f), join(deckDir, f));
  await runReview(t, { name: 'corpus', deckDir, decks: 2, cycle: ['approve', 'edit', 'decorative', 'reject'], secondReviewer: false });
});

/** Keyboard only: focus a select by Tab and step through its options with the arrow keys. */
async function chooseByKeyboard(page: Page, selector: string, label: string) {
  await tabTo(page, selector);
  for (let i = 0; i < 20; i++) {
    const { at, want } = await page.$eval(
      selector,
      (el, l) => {
        const s = el as HTMLSelectElement;
        return { at: s.selectedIndex, want: [...s.options].findIndex((o) => o.textContent!.startsWith(l)) };
      },
      label,
    );
    if (want < 0) throw new Error(`no option ${label} in ${selector}`);
    if (at === want) return;
    await page.keyboard.press(want > at ? 'ArrowDown' : 'ArrowUp');
  }
  throw new Error(`could not choose ${label} in ${selector}`);
}

/** A generated deck whose picture is stored as an EMF part: a format the browser cannot draw. */
async function makeEmfDeck(path: string) {
  const z = await JSZip.loadAsync(await makeDeckBuffer({ slides: 1, picturesPerSlide: 1, title: () => 'Pathway drawings' }));
  const media = Object.keys(z.files).find((f) => /^ppt\/media\/.+\.\w+$/.test(f))!;
  const base = media.split('/').pop()!;
  const emfBase = base.replace(/\.\w+$/, '.emf');
  // not the same bytes as the PNGs of the other decks: identical bytes would be one decision with them
  z.file(`ppt/media/${emfBase}`, Buffer.concat([await z.file(media)!.async('nodebuffer'), Buffer.from('EMF stand-in')]));
  z.remove(media);
  for (const f of Object.keys(z.files).filter((n) => n.endsWith('.rels'))) {
    const xml = await z.file(f)!.async('string');
    if (xml.includes(base)) z.file(f, xml.split(base).join(emfBase));
  }
  const ct = await z.file('[Content_Types].xml')!.async('string');
  z.file('[Content_Types].xml', ct.replace('<Default ', '<Default Extension="emf" ContentType="image/x-emf"/><Default '));
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, await z.generateAsync({ type: 'nodebuffer' }));
}

test('review e2e: identical pictures are one decision; bulk approve a deck (asks once: clinical), undo it, then one source; the filters (keyboard only)', { skip: chromiumSkip, timeout: 180_000 }, async (t) => {
  const work = tempDir(t, 'altdeck-review-bulk-');
  const deckDir = join(work, 'decks');
  await makeDeck(join(deckDir, 'A histology.pptx'), { slides: 2, picturesPerSlide: 1, title: (n) => `Histology of the liver ${n}`, alt: (i) => ['liver-histology-lobule.png', 'liver-histology-portal-triad.png'][i] });
  await makeDeck(join(deckDir, 'B logos.pptx'), { slides: 3, picturesPerSlide: 1, title: (n) => `Course overview ${n}`, alt: (i) => ['course-map.png', 'course-team.png', 'course-calendar.png'][i] });
  await makeEmfDeck(join(deckDir, 'C drawings.pptx'));
  const home = join(work, 'home');
  const host = new EngineHost(home);
  t.after(() => host.child.kill('SIGKILL'));
  await host.ready;
  await host.call('settings:set', { outputDir: join(work, 'out'), workers: 1 });
  const batch = await host.call<BatchInfo>('engine:createBatch', { inputs: [deckDir] });
  await host.call('engine:start', { batchId: batch.id });
  while ((await host.call<BatchInfo>('engine:getBatch', { batchId: batch.id })).state !== 'completed') await new Promise((r) => setTimeout(r, 200));
  const all = await host.call<{ total: number; items: ReviewItem[] }>('review:items', { batchId: batch.id });
  const needs = await host.call<{ total: number }>('review:groups', { batchId: batch.id, query: { filter: 'needs-review' } });
  assert.equal(all.total, 6);
  // the decks' first and second pictures are the same bytes in A and B: 4 decisions for 6 images
  const groups = await host.call<{ total: number; groups: ReviewGroup[] }>('review:groups', { batchId: batch.id });
  assert.deepEqual(
    groups.groups.map((g) => g.members),
    [2, 2, 1, 1],
  );
  // Main validates what the page sends: an unknown action or an extra field never reaches the engine.
  const bad = await host.request('review:decide', { batchId: batch.id, jobId: all.items[0].jobId, itemKey: all.items[0].itemKey, action: 'nuke' });
  assert.match(bad.error ?? '', /^INVALID_PAYLOAD/);
  const extra = await host.request('review:bulkApprove', { batchId: batch.id, everything: true });
  assert.match(extra.error ?? '', /^INVALID_PAYLOAD/);

  const browser = await launchChromium(t);
  const { page } = await openAppPage(browser, buildRenderer(join(work, 'build')), host, await bundleWebPreload());
  await page.waitForSelector('[data-testid="dropzone"]');
  await openReviewByKeyboard(page, 4);
  assert.match(await textOf(page, '[data-testid="review-decisions"]'), /^4 decisions for 6 images/);
  assert.match(await textOf(page, LIST), /2 copies in 2 decks/);

  // An EMF picture gets a stand-in sentence, not a broken image.
  await page.keyboard.press('End');
  await waitFor(page, 'the EMF image', `${currentIndex} === 3`);
  await page.waitForSelector('[data-testid="review-thumb-placeholder"]');
  assert.match(await textOf(page, '[data-testid="review-thumb-placeholder"]'), /EMF drawing/);
  await page.keyboard.press('Home');
  await waitFor(page, 'the first image', `${currentIndex} === 0`);
  await page.waitForSelector('[data-testid="review-thumb"]');
  await screenshot(page, 'review-bulk-01-start');

  await chooseByKeyboard(page, '[data-testid="review-filter"]', 'Needs review');
  await waitFor(page, 'the needs-review filter', `document.querySelectorAll('[data-testid="review-option"]').length === ${needs.total}`);
  assert.ok((await textOf(page, LIST)).includes('Clinical · needs review'), 'a histology image is flagged clinical');
  await chooseByKeyboard(page, '[data-testid="review-filter"]', 'All images');

  await chooseByKeyboard(page, '[data-testid="review-deck"]', 'A histology.pptx');
  await waitFor(page, 'one deck', `document.querySelectorAll('[data-testid="review-option"]').length === 2`);
  // (the deck's two pictures are also in deck B: deciding their group decides those copies too)
  // histology looks clinical: the bulk approval asks once; going back approves nothing
  await pressButton(page, 'Approve all in this deck');
  await page.waitForSelector('[data-testid="confirm"][open]');
  assert.match(await textOf(page, '[data-testid="confirm"]'), /2 images look clinical/);
  assert.deepEqual(await axeViolations(page), [], 'axe: the bulk approval confirmation');
  await page.keyboard.press('Escape');
  await waitFor(page, 'nothing approved', `document.querySelector('[data-testid="live"]').textContent === 'Nothing approved.'`);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="confirm"][open]');
  await pressButton(page, 'Approve 2 images', '[data-testid="confirm"]');
  await waitFor(page, 'the deck approved', `document.querySelector('[data-testid="review-counts"]').textContent.includes('Reviewed 2 of 2: 2 approved')`);
  assert.match(await textOf(page, '[data-testid="live"]'), /^Approved 2 images/);
  // a bulk action is undone as one
  await pressButton(page, 'Undo approval of 2 images');
  await waitFor(page, 'the approval undone', `document.querySelector('[data-testid="review-counts"]').textContent.includes('Reviewed 0 of 2')`);
  assert.match(await textOf(page, '[data-testid="live"]'), /^Undone: 2 approvals removed/);
  await waitFor(page, 'focus back in the list after the undo', `document.activeElement?.matches('${LIST}')`);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await pressButton(page, 'Approve all in this deck');
  await page.waitForSelector('[data-testid="confirm"][open]');
  await pressButton(page, 'Approve 2 images', '[data-testid="confirm"]');
  await waitFor(page, 'the deck approved again', `document.querySelector('[data-testid="review-counts"]').textContent.includes('Reviewed 2 of 2: 2 approved')`);

  await chooseByKeyboard(page, '[data-testid="review-deck"]', 'All decks');
  await chooseByKeyboard(page, '[data-testid="review-source"]', 'words in the picture');
  await pressButton(page, 'Approve all from this source');
  await waitFor(page, 'the source approved', `document.querySelector('[data-testid="review-counts"]').textContent.includes('Reviewed 5 of 6: 5 approved')`);
  const counts = await host.call<{ approved: number; undecided: number; done: number; missing: number }>('review:counts', { batchId: batch.id });
  assert.equal(counts.approved, 5);
  // the EMF picture had nothing to say what it shows: nothing to approve, it needs a person
  assert.equal(counts.undecided, 1);
  assert.deepEqual([counts.done, counts.missing], [5, 1]);

  await chooseByKeyboard(page, '[data-testid="review-source"]', 'All sources');
  await chooseByKeyboard(page, '[data-testid="review-filter"]', 'Not decided yet');
  await waitFor(page, 'the undecided filter', `document.querySelectorAll('[data-testid="review-option"]').length === 1`);
  assert.deepEqual(await axeViolations(page), [], 'axe: filtered Review screen');
  await host.shutdown();
});
