/**
 * The findings panel of the Review screen end to end (issue 13): the real engine, SQLite and
 * the built-in processor in a child process check a generated deck (slides with no title
 * placeholder, a table whose first row is shaped like headers, a table with merged cells);
 * Debian's Chromium runs the built renderer. BY KEYBOARD ONLY a person approves one proposed
 * slide title, edits another, rejects a third (and undoes and redoes it), approves the
 * header row, looks at what is information only, and runs "Apply approved". The written deck
 * is read back with JSZip (titles in title placeholders, firstRow="1") and opened by LibreOffice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import PptxGenJS from 'pptxgenjs';
import type { Page } from 'puppeteer-core';
import { tempDir } from '../helpers/tmp';
import type { FindingGroupRow, FindingGroupsPage } from '../../src/shared/check-review';
import type { BatchInfo, JobInfo } from '../../src/shared/types';
import { axeViolations, buildRenderer, bundleWebPreload, chromiumSkip, EngineHost, launchChromium, openAppPage, pressButton, screenshot, textOf, waitFor } from './harness';
import { soffice as testSoffice, sofficeSkip } from '../helpers/libreoffice';

const LIST = '[data-testid="findings-list"]';
const LIVE = `document.querySelector('[data-testid="live"]').textContent`;
const batchState = `document.querySelector('[data-testid="batch-state"]')?.textContent`;
const status = (i: number) => `document.querySelectorAll('[data-testid="finding-option"]')[${i}]?.querySelector('.opt-status')?.textContent`;
const currentIndex = `[...document.querySelectorAll('[data-testid="finding-option"]')].findIndex(o => o.getAttribute('aria-selected') === 'true')`;
const options = (n: number) => `document.querySelectorAll('[data-testid="finding-option"]').length === ${n}`;

/** Slide 1: a heading in a text box and a table whose first row is only shaped like headers; 2 and 3: headings; 3 also a table with a merged cell. */
async function nephrologyDeck(path: string): Promise<string> {
  const pptx = new PptxGenJS();
  const rows = (r: Array<Array<string | { text: string; options: object }>>) => r.map((row) => row.map((c) => (typeof c === 'string' ? { text: c } : c))) as never;
  const s1 = pptx.addSlide();
  s1.addText('Renal physiology', { x: 0.5, y: 0.3, w: 9, h: 0.8, fontSize: 28 });
  s1.addTable(
    rows([
      ['Segment', 'Reabsorbs'],
      ['Proximal tubule', 'Sodium and glucose'],
      ['Loop of Henle', 'Water and salt'],
    ]),
    { x: 0.5, y: 1.5, w: 8 },
  );
  pptx.addSlide().addText('Loop of Henle', { x: 0.5, y: 0.3, w: 9, h: 0.8, fontSize: 28 });
  const s3 = pptx.addSlide();
  s3.addText('Collecting duct', { x: 0.5, y: 0.3, w: 9, h: 0.8, fontSize: 28 });
  s3.addTable(
    rows([
      [{ text: 'Blood pressure', options: { bold: true, colspan: 2 } }, { text: 'Pulse', options: { bold: true } }],
      ['120', '80', '72'],
      ['135', '85', '90'],
    ]),
    { x: 0.5, y: 1.5, w: 8 },
  );
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, (await pptx.write({ outputType: 'nodebuffer' })) as Buffer);
  return path;
}

/** Keyboard only: Tab until the element matching `selector` has focus. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await page.evaluate((sel) => !!document.activeElement?.matches(sel), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${selector} with Tab`);
}

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

/** Each slide's title (the text of its title placeholder), by slide part. */
async function titles(zip: JSZip): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))) {
    const xml = await zip.file(name)!.async('string');
    const sp = [...xml.matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)].find((m) => /<p:ph type="(title|ctrTitle)"/.test(m[1]));
    if (sp) out.set(name, [...sp[1].matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join(''));
  }
  return out;
}

/** The header-row flag of each table on a slide, in file order. */
async function headerFlags(zip: JSZip, part: string): Promise<boolean[]> {
  const xml = await zip.file(part)!.async('string');
  return [...xml.matchAll(/<a:tbl>([\s\S]*?)<\/a:tbl>/g)].map((m) => /<a:tblPr\b[^>]*\bfirstRow="(1|true)"/.test(m[1]));
}


type Step = { action: 'approve' } | { action: 'edit'; text: string } | { action: 'reject' } | { action: 'skip' };

test('findings review e2e: slide titles and a table header, keyboard only; information rows; apply; LibreOffice opens the deck', { skip: chromiumSkip, timeout: 300_000 }, async (t) => {
  const work = tempDir(t, 'altdeck-findings-e2e-');
  const deckDir = join(work, 'Nephrology');
  const input = await nephrologyDeck(join(deckDir, 'Nephrology week 2.pptx'));
  const original = readFileSync(input);
  const home = join(work, 'home');
  const host = new EngineHost(home);
  t.after(() => host.child.kill('SIGKILL'));
  await host.ready;
  await host.call('settings:set', { outputDir: join(work, 'out'), workers: 1 });
  const batch = await host.call<BatchInfo>('engine:createBatch', { inputs: [deckDir] });
  await host.call('engine:start', { batchId: batch.id });
  for (let b = batch; b.state !== 'completed'; b = await host.call<BatchInfo>('engine:getBatch', { batchId: batch.id })) {
    assert.ok(!['aborted', 'interrupted'].includes(b.state), `batch ${b.state}: ${b.reason}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const { jobs } = await host.call<{ jobs: JobInfo[] }>('engine:listJobs', { batchId: batch.id });
  assert.equal(jobs[0]?.state, 'succeeded', JSON.stringify(jobs.map((j) => j.error)));

  // What the engine proposes: a title for each of the three slides, the header row of slide 1's table.
  const page1 = await host.call<FindingGroupsPage>('findings:groups', { batchId: batch.id, query: { limit: 500 } });
  const rows = page1.groups;
  const titleRows = rows.filter((g) => g.rule === 'missing-slide-title');
  assert.deepEqual(titleRows.map((g) => g.proposal).sort(), ['Collecting duct', 'Loop of Henle', 'Renal physiology'], JSON.stringify(rows));
  const header = rows.find((g) => g.rule === 'missing-table-header');
  assert.ok(header && header.outcome === 'proposed' && header.slide === 1, `a proposed header row: ${JSON.stringify(rows)}`);
  const info = await host.call<FindingGroupsPage>('findings:groups', { batchId: batch.id, query: { filter: 'info', limit: 500 } });
  const merged = info.groups.findIndex((g) => g.rule === 'merged-cells');
  assert.ok(merged >= 0 && info.groups[merged].outcome === 'flagged', `merged cells are information: ${JSON.stringify(info.groups)}`);
  assert.ok(
    info.groups.some((g) => g.rule === 'missing-table-header' && g.outcome === 'fixed' && g.slide === 3),
    'the plainly bold header over numbers was fixed without review',
  );

  // One step per row in the order shown: approve the first title, edit the second, reject the third; approve the header row.
  const EDITED = 'The countercurrent multiplier';
  const [approveTitle, editTitle, rejectTitle] = titleRows;
  const plan = new Map<string, Step>([
    [approveTitle.groupKey, { action: 'approve' }],
    [editTitle.groupKey, { action: 'edit', text: EDITED }],
    [rejectTitle.groupKey, { action: 'reject' }],
    [header.groupKey, { action: 'approve' }],
  ]);
  const steps: Step[] = rows.map((g) => plan.get(g.groupKey) ?? { action: 'skip' });
  const decided = [...plan.values()].length;
  const LABEL = { approve: 'Approved', edit: 'Edited', reject: 'Rejected, deck left as it is' } as const;

  const browser = await launchChromium(t);
  const app = await openAppPage(browser, buildRenderer(join(work, 'build')), host, await bundleWebPreload());
  const { page } = app;
  await page.waitForSelector('[data-testid="dropzone"]');

  // Review, then the findings panel, then into the list: Tab and Enter only.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await pressButton(page, 'Review', 'nav');
  await page.waitForSelector('[data-testid="review-panel-findings"]');
  await tabTo(page, '[data-testid="review-panel-findings"]');
  await page.keyboard.press('Enter');
  await waitFor(page, 'the findings list', options(rows.length));
  assert.equal(await page.$eval('[data-testid="review-panel-findings"]', (el) => el.getAttribute('aria-pressed')), 'true');
  assert.match(await textOf(page, '[data-testid="findings-counts"]'), new RegExp(`^Decided 0 of ${page1.findings} findings`));
  const keys = await textOf(page, '[data-testid="findings-keys"]');
  for (const k of ['approve', 'edit', 'reject', 'undo', 'next', 'previous']) assert.match(keys, new RegExp(k), `the shortcut for ${k} is on screen`);
  await tabTo(page, LIST);
  const listText = await textOf(page, LIST);
  for (const name of ['Missing slide title', 'Missing table header']) assert.ok(listText.includes(name), `PowerPoint's rule name ${name} is shown`);
  await screenshot(page, 'findings-01-start');
  assert.deepEqual(await axeViolations(page), [], 'axe: findings panel');

  // Approve all of one rule asks first (going back approves nothing) and is undone as one action.
  const counted = (n: number, of: number) => `document.querySelector('[data-testid="findings-counts"]').textContent.startsWith('Decided ${n} of ${of} ')`;
  await chooseByKeyboard(page, '[data-testid="findings-rule"]', 'Missing slide title');
  await waitFor(page, 'the titles only', options(titleRows.length));
  await pressButton(page, 'Approve all proposals of this rule');
  await page.waitForSelector('[data-testid="confirm"][open]');
  assert.match(await textOf(page, '[data-testid="confirm"]'), /Approve 3 proposals of “Missing slide title” at once\?[\s\S]*no person has read them/);
  assert.deepEqual(await axeViolations(page), [], 'axe: the bulk approval confirmation');
  await page.keyboard.press('Escape');
  await waitFor(page, 'nothing approved', `${LIVE} === 'Nothing approved.'`);
  assert.ok(await page.evaluate(counted(0, 3)));
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="confirm"][open]');
  await pressButton(page, 'Approve 3 findings', '[data-testid="confirm"]');
  await waitFor(page, 'the titles approved', counted(3, 3));
  for (let i = 0; i < titleRows.length; i++) assert.equal(await page.evaluate(status(i)), 'Approved');
  await waitFor(page, 'focus back in the list after the approval', `document.activeElement?.matches('${LIST}')`);
  await pressButton(page, 'Undo approval of 3 findings');
  await waitFor(page, 'the approval undone', counted(0, 3));
  assert.match(String(await page.evaluate(LIVE)), /^Undone: 3 approvals removed/);
  await waitFor(page, 'focus back in the list after the undo', `document.activeElement?.matches('${LIST}')`);
  await chooseByKeyboard(page, '[data-testid="findings-rule"]', 'All rules');
  await waitFor(page, 'every rule again', options(rows.length));
  await tabTo(page, LIST);

  for (let i = 0; i < steps.length; i++) {
    await waitFor(page, `finding ${i + 1} is current`, `${currentIndex} === ${i}`);
    const step = steps[i];
    const last = i === steps.length - 1;
    if (step.action === 'skip') {
      if (!last) await page.keyboard.press('j');
      continue;
    }
    if (step.action === 'edit') {
      await page.keyboard.press('e');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'finding-text', 'E focuses the text box');
      await page.keyboard.type(step.text);
      await page.keyboard.press('Enter');
    } else {
      await page.keyboard.press(step.action === 'approve' ? 'a' : 'r');
    }
    await waitFor(page, `finding ${i + 1} ${step.action}`, `${status(i)} === ${JSON.stringify(LABEL[step.action])}`);
    await waitFor(page, 'the announcement', `/^${LABEL[step.action]}, \\d+ of ${page1.findings} left\\.$/.test(${LIVE})`);
    await waitFor(page, 'focus back in the list', `document.activeElement?.matches('${LIST}')`);
    if (step.action === 'reject') {
      // Undo takes the decision back; deciding again is one key.
      if (!last) {
        await waitFor(page, 'moved on after the decision', `${currentIndex} === ${i + 1}`);
        await page.keyboard.press('k');
        await waitFor(page, 'back on the rejected finding', `${currentIndex} === ${i}`);
      }
      await page.keyboard.press('u');
      await waitFor(page, 'the decision undone', `${status(i)} === 'Not decided'`);
      assert.match(String(await page.evaluate(LIVE)), /^Decision removed, \d+ of \d+ left\.$/);
      await page.keyboard.press('r');
      await waitFor(page, 'rejected again', `${status(i)} === ${JSON.stringify(LABEL.reject)}`);
    }
    if (!last) await waitFor(page, 'the next finding', `${currentIndex} === ${i + 1}`);
  }
  await waitFor(page, 'the counts', `document.querySelector('[data-testid="findings-counts"]').textContent.startsWith('Decided ${decided} of ${page1.findings}')`);
  const saved = await host.call<FindingGroupsPage>('findings:groups', { batchId: batch.id, query: { filter: 'decided', limit: 500 } });
  assert.deepEqual(
    saved.groups.map((g) => [g.groupKey, g.decision, g.text]).sort(),
    [
      [approveTitle.groupKey, 'approve', approveTitle.proposal],
      [editTitle.groupKey, 'edit', EDITED],
      [rejectTitle.groupKey, 'reject', null],
      [header.groupKey, 'approve', header.proposal],
    ].sort(),
    'every decision is in the database',
  );
  await screenshot(page, 'findings-02-decided');
  assert.deepEqual(await axeViolations(page), [], 'axe: findings panel with decisions');

  // Information: merged cells are shown, with nothing to approve; A says so and changes nothing.
  await chooseByKeyboard(page, '[data-testid="findings-filter"]', 'Information');
  await waitFor(page, 'the information list', options(info.groups.length));
  await tabTo(page, LIST);
  for (let i = 0; i < merged; i++) await page.keyboard.press('j');
  await waitFor(page, 'the merged-cells row', `${currentIndex} === ${merged}`);
  assert.equal(await page.evaluate(status(merged)), 'Fix in PowerPoint');
  assert.match(await textOf(page, '[data-testid="finding-detail"]'), /Merged or split cells[\s\S]*cannot fix this safely/);
  const buttons = await page.$$eval('[data-testid="finding-detail"] button', (bs) => bs.map((b) => b.textContent!.trim()));
  assert.ok(!buttons.some((b) => /Approve|Reject/.test(b)), `no approve or reject on information: ${buttons}`);
  await page.keyboard.press('a');
  await waitFor(page, 'the refusal said', `/information, there is nothing to approve/.test(${LIVE})`);
  await screenshot(page, 'findings-03-information');
  assert.deepEqual(await axeViolations(page), [], 'axe: information rows');
  await chooseByKeyboard(page, '[data-testid="findings-filter"]', 'Needs a decision');
  await waitFor(page, 'the list to decide', options(rows.length));

  // The image panel offers Apply too when only findings are decided (this deck has no picture).
  await tabTo(page, '[data-testid="review-panel-images"]');
  await page.keyboard.press('Enter');
  await waitFor(page, 'the image panel', `document.querySelector('#review-title')?.textContent === 'Review ALT text'`);
  const applyOffered = await page.evaluate(() => [...document.querySelectorAll<HTMLButtonElement>('[data-testid="review"] button')].some((b) => b.textContent!.trim() === 'Apply approved decisions' && !b.disabled));
  assert.ok(applyOffered, 'Apply approved is offered');
  await tabTo(page, '[data-testid="review-panel-findings"]');
  await page.keyboard.press('Enter');
  await waitFor(page, 'the findings panel again', `${options(rows.length)} && document.querySelector('#review-title')?.textContent === 'Review checker findings'`);

  // Apply approved asks first; Esc goes back and applies nothing, then confirm.
  await pressButton(page, 'Apply approved decisions');
  await page.waitForSelector('[data-testid="confirm"][open]');
  assert.match(await textOf(page, '[data-testid="confirm"]'), new RegExp(`${decided} decided findings`));
  assert.deepEqual(await axeViolations(page), [], 'axe: the Apply approved confirmation');
  await page.keyboard.press('Escape');
  await waitFor(page, 'the dialog closed, focus back', `!document.querySelector('[data-testid="confirm"]') && document.activeElement?.textContent?.trim() === 'Apply approved decisions'`);
  assert.equal((await host.call<BatchInfo[]>('engine:listBatches')).filter((b) => b.kind === 'apply').length, 0, 'going back applies nothing');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="confirm"][open]');
  await pressButton(page, 'Apply approved', '[data-testid="confirm"]');
  await waitFor(page, 'the apply batch to finish', `${batchState} === 'Completed'`, 120_000);
  const applyBatch = (await host.call<BatchInfo[]>('engine:listBatches')).find((b) => b.kind === 'apply')!;
  assert.equal(applyBatch.parentBatchId, batch.id);
  assert.equal(applyBatch.counts.succeeded, 1, JSON.stringify(applyBatch.counts));
  await screenshot(page, 'findings-04-applied');

  // The written deck: titles in title placeholders where approved or edited, none where rejected; the header rows flagged.
  const applied = (await host.call<{ jobs: JobInfo[] }>('engine:listJobs', { batchId: applyBatch.id })).jobs[0];
  assert.ok(applied.outputPath && existsSync(applied.outputPath), 'the final deck exists');
  const out = await JSZip.loadAsync(readFileSync(applied.outputPath));
  const partOf = (g: FindingGroupRow) => `ppt/slides/slide${g.slide}.xml`;
  const written = await titles(out);
  assert.equal(written.get(partOf(approveTitle)), approveTitle.proposal, 'the approved title is in a title placeholder');
  assert.equal(written.get(partOf(editTitle)), EDITED, "the reviewer's title is in a title placeholder");
  assert.equal(written.get(partOf(rejectTitle)), undefined, 'no title where the proposal was rejected');
  assert.deepEqual(await headerFlags(out, 'ppt/slides/slide1.xml'), [true], 'the approved header row: firstRow="1"');
  assert.deepEqual(await headerFlags(out, 'ppt/slides/slide3.xml'), [true], 'the safe header fix is kept');
  const before = await JSZip.loadAsync(original);
  assert.deepEqual(await headerFlags(before, 'ppt/slides/slide1.xml'), [false], 'the original had no header row');
  assert.deepEqual(readFileSync(input), original, 'the original is never modified');

  const soffice = testSoffice;
  if (!soffice) t.diagnostic(`the LibreOffice check is skipped: ${sofficeSkip}`);
  else {
    const pdfDir = join(work, 'pdf');
    mkdirSync(pdfDir);
    const r = spawnSync(soffice, [`-env:UserInstallation=${pathToFileURL(join(work, 'lo')).href}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', pdfDir, applied.outputPath], { encoding: 'utf8', timeout: 180_000 });
    const pdf = join(pdfDir, `${applied.outputPath.split('/').pop()!.replace(/\.pptx$/i, '')}.pdf`);
    assert.ok(r.status === 0 && existsSync(pdf), `LibreOffice cannot open the output: ${r.stderr}`);
    assert.equal((readFileSync(pdf, 'latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length, 3, 'three slides rendered');
  }

  const foreign = app.requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(foreign, [], 'the renderer made no network request');
  await host.shutdown();
});
