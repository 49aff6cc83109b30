import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { processedBatch, item } from './fixtures';
import { openEngine } from '../engine/helpers';
import { isClinical, reviewReasons } from '../../src/core/review/rules';
import { parseCsv, toCsvRow } from '../../src/core/review/csv';
import { REPO_ROOT } from '../helpers/corpus';

test('review items: generated ALT is listed with reasons; a person’s ALT is not; filters by state and source', async (t) => {
  const { engine, batchId, jobIds } = await processedBatch(t, [
    [item(1, '4'), item(1, '5', { source: 'ocr', newAlt: 'Text in image: "Aortic arch"' }), item(2, '7', { oldAlt: 'Heart, anterior view', oldAltVerdict: 'person', status: 'kept', newAlt: null, source: 'person', needsReview: false })],
    [item(1, '3', { source: 'chart', newAlt: 'Bar chart of admissions by year', needsReview: false })],
  ]);
  const all = engine.reviewItems(batchId);
  assert.equal(all.total, 3, 'the person-written ALT is not up for review');
  const ocr = engine.reviewItems(batchId, { source: 'ocr' }).items[0];
  assert.match(ocr.reasons.join(' '), /OCR/);
  assert.equal(engine.reviewItems(batchId, { filter: 'needs-review' }).total, 2, 'chart data from the deck needs no review');
  assert.equal(engine.reviewItems(batchId, { jobId: jobIds[1] }).total, 1);
  assert.equal(engine.reviewItems(batchId, { filter: 'undecided', limit: 1, offset: 1 }).items.length, 1);
});

test('decide: approve takes the proposal, edit takes the reviewer’s text (cleaned), decorative and reject write no text; bad input is refused with a sentence', async (t) => {
  const { engine, batchId, jobIds } = await processedBatch(t, [[item(1, '4'), item(1, '5'), item(2, '6'), item(2, '7', { newAlt: null, status: 'unresolved' })]]);
  const j = jobIds[0];
  const key = (id: string, slide = 1) => `ppt/slides/slide${slide}.xml#${id}`;
  assert.equal(engine.decide({ batchId, jobId: j, itemKey: key('4'), action: 'approve', reviewer: 'ana' }).text, 'Diagram 4');
  assert.equal(engine.decide({ batchId, jobId: j, itemKey: key('5'), action: 'edit', text: '  Left ventricle,\u0007 cross-section  ' }).text, 'Left ventricle, cross-section');
  assert.equal(engine.decide({ batchId, jobId: j, itemKey: key('6', 2), action: 'decorative' }).text, null);
  assert.throws(() => engine.decide({ batchId, jobId: j, itemKey: key('7', 2), action: 'approve' }), /no proposed ALT text/);
  assert.throws(() => engine.decide({ batchId, jobId: j, itemKey: key('7', 2), action: 'edit', text: '   ' }), /empty/);
  assert.throws(() => engine.decide({ batchId, jobId: j, itemKey: 'ppt/slides/slide9.xml#1', action: 'approve' }), /No image/);
  assert.throws(() => engine.decide({ batchId, jobId: j, itemKey: key('4'), action: 'nuke' as never }), /Unknown review action/);
  const c = engine.reviewCounts(batchId);
  // approved, edited and decorative images are done; the undecided one without text is missing
  assert.deepEqual({ ...c, needsReview: 0 }, { items: 4, reviewed: 3, approved: 1, edited: 1, decorative: 1, rejected: 0, undecided: 1, needsReview: 0, done: 3, draft: 0, missing: 1, groups: 4, groupsDecided: 3 });
  // Apply instructions carry exactly the decisions: set, set, decorative.
  const ins = engine.review.applyInstructions(batchId, j)!;
  assert.deepEqual(
    ins.items.map((i) => [i.shapeId, i.action, i.text ?? null]),
    [
      ['4', 'set', 'Diagram 4'],
      ['5', 'set', 'Left ventricle, cross-section'],
      ['6', 'decorative', null],
    ],
  );
  engine.clearDecision({ batchId, jobId: j, itemKey: key('6', 2) });
  assert.equal(engine.reviewCounts(batchId).reviewed, 2);
});

test('bulk approve: a deck, or one source across the batch; candidates for decorative and unresolved images are left to a person', async (t) => {
  const { engine, batchId, jobIds } = await processedBatch(t, [
    [item(1, '4', { source: 'chart' }), item(1, '5', { source: 'ocr' }), item(1, '6', { status: 'decorative-candidate' }), item(1, '8', { newAlt: null, status: 'unresolved' })],
    [item(1, '4', { source: 'chart' })],
  ]);
  assert.equal(engine.bulkApprove({ batchId, source: 'chart' }), 2);
  assert.equal(engine.bulkApprove({ batchId, jobId: jobIds[0] }), 1, 'only the OCR one is left to approve in deck 1');
  assert.equal(engine.reviewCounts(batchId).undecided, 2);
});

test('export and import: a second reviewer’s newer decisions win, older ones do not, CSV survives Excel-hostile text', async (t) => {
  const { w, engine, batchId, jobIds } = await processedBatch(t, [[item(1, '4'), item(1, '5')]]);
  const j = jobIds[0];
  engine.decide({ batchId, jobId: j, itemKey: 'ppt/slides/slide1.xml#4', action: 'edit', text: '=SUM(A1) is not a formula, "quoted", comma' });
  const json = engine.exportDecisions(batchId, 'json');
  const csv = engine.exportDecisions(batchId, 'csv');
  assert.ok(csv.startsWith('\uFEFF'));
  assert.match(csv, /'=SUM/);
  // A second machine: same decks (matched by SHA-256), a fresh database.
  const other = openEngine({ ...w, home: join(w.root, 'home2') }, 'succeed');
  t.after(() => other.close());
  const b2 = await other.createBatch({ inputs: [w.inputs], settings: { outputDir: join(w.root, 'out2') } });
  await other.start(b2.id);
  await other.waitForBatch(b2.id);
  const j2 = other.listJobs(b2.id).jobs[0];
  const Database = require('better-sqlite3');
  const db = new Database(join(w.root, 'home2', 'altdeck.db'));
  db.prepare('UPDATE jobs SET result = ? WHERE id = ?').run(JSON.stringify(require('./fixtures').result([item(1, '4'), item(1, '5')])), j2.id);
  db.close();
  const r = other.importDecisions(b2.id, csv, 'csv');
  assert.deepEqual(r, { imported: 1, skippedOlder: 0, unmatched: 0 });
  assert.equal(other.reviewItems(b2.id, { filter: 'decided' }).items[0].decision!.text, '=SUM(A1) is not a formula, "quoted", comma');
  // Importing the same (now older-or-equal) decision again changes nothing.
  assert.deepEqual(other.importDecisions(b2.id, json, 'json'), { imported: 0, skippedOlder: 1, unmatched: 0 });
  assert.throws(() => other.importDecisions(b2.id, '{"hello":1}', 'json'), /not an AltDeck decisions file/);
  writeFileSync(join(w.root, 'x'), '');
});

test('a crash mid-review loses no decision: kill -9 the reviewer’s process, every acknowledged decision is there', async (t) => {
  const { w, engine, batchId, jobIds } = await processedBatch(t, [Array.from({ length: 40 }, (_, i) => item(1 + (i % 4), String(100 + i)))]);
  engine.close();
  const script = `
    require('tsx/cjs');
    const { Engine } = require(${JSON.stringify(join(REPO_ROOT, 'src/core/engine.ts'))});
    const { silentLogger } = require(${JSON.stringify(join(REPO_ROOT, 'src/core/log.ts'))});
    const e = Engine.open({ home: ${JSON.stringify(w.home)}, logger: silentLogger });
    const items = e.reviewItems(${JSON.stringify(batchId)}).items;
    let i = 0;
    const next = () => { const it = items[i++]; if (!it) return; e.decide({ batchId: ${JSON.stringify(batchId)}, jobId: it.jobId, itemKey: it.itemKey, action: 'approve' }); process.stdout.write(it.itemKey + '\\n'); setTimeout(next, 5); };
    next();`;
  const child = spawn(process.execPath, ['-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const acked: string[] = [];
  let buf = '';
  await new Promise<void>((resolve) => {
    child.stdout!.on('data', (d) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop()!;
      acked.push(...lines);
      if (acked.length >= 15) {
        child.kill('SIGKILL');
        resolve();
      }
    });
  });
  await new Promise((r) => child.on('close', r));
  const again = openEngine(w, 'succeed');
  t.after(() => again.close());
  const decided = new Set(again.reviewItems(batchId, { filter: 'decided' }).items.map((i) => i.itemKey));
  for (const k of acked) assert.ok(decided.has(k), `decision for ${k} survived`);
  assert.ok(decided.size < 40, 'the process really died mid-review');
  assert.equal(jobIds.length, 1);
});

test('clinical images and long text are flagged for review', () => {
  assert.equal(isClinical({ newAlt: 'Chest X-ray showing a left lower lobe consolidation', oldAlt: null, shapeName: 'Picture 2' }), true);
  assert.equal(isClinical({ newAlt: 'H&E stain of liver biopsy', oldAlt: null, shapeName: '' }), true);
  assert.equal(isClinical({ newAlt: 'University logo', oldAlt: null, shapeName: 'Logo' }), false);
  const long = item(1, '2', { source: 'chart', newAlt: 'x'.repeat(151) });
  assert.match(reviewReasons(long).join(), /longer than 150/);
});

test('decision CSV round-trips quotes, commas, newlines and formula-like text', () => {
  const row = ['a,b', 'say "hi"', 'line1\nline2', '=1+1', '-5', 'plain'];
  assert.deepEqual(parseCsv(toCsvRow(row) + '\r\n')[0], row);
});

test('the batch report shows review counts per deck and each image’s decision', async (t) => {
  const { engine, batchId, jobIds } = await processedBatch(t, [[item(1, '4'), item(1, '5'), item(1, '6')]]);
  engine.decide({ batchId, jobId: jobIds[0], itemKey: 'ppt/slides/slide1.xml#4', action: 'approve' });
  engine.decide({ batchId, jobId: jobIds[0], itemKey: 'ppt/slides/slide1.xml#5', action: 'edit', text: 'Mitral valve, opened' });
  const html = require('node:fs').readFileSync(await engine.writeReport(batchId, 'html'), 'utf8');
  assert.match(html, /Reviewed 2 of 3: 1 approved, 1 edited, 0 decorative, 0 kept as they were/);
  const csv = require('node:fs').readFileSync(await engine.writeReport(batchId, 'csv'), 'utf8');
  assert.match(csv, /Review decision,Reviewed ALT text/);
  assert.match(csv, /edit,"?Mitral valve, opened"?/);
  const json = JSON.parse(require('node:fs').readFileSync(await engine.writeReport(batchId, 'json'), 'utf8'));
  assert.equal(json.decks[0].review.edited, 1);
});

test('the score in review: drafts are not done until approved; a placeholder can never be approved, in bulk or one by one', async (t) => {
  const { engine, batchId, jobIds } = await processedBatch(t, [
    [
      item(1, '4', { source: 'file-name', newAlt: 'Alfresco logo' }),
      item(1, '5', { source: 'placeholder', newAlt: 'Image without a description' }),
      item(2, '7', { oldAlt: 'Heart, anterior view', oldAltVerdict: 'person', status: 'kept', newAlt: 'Heart, anterior view', source: 'person', needsReview: false }),
    ],
  ]);
  const j = jobIds[0];
  let c = engine.reviewCounts(batchId);
  assert.deepEqual([c.done, c.draft, c.missing], [1, 1, 1], 'the person’s ALT is done, the file-name text a draft, the placeholder missing');
  assert.throws(() => engine.decide({ batchId, jobId: j, itemKey: 'ppt/slides/slide1.xml#5', action: 'approve' }), /no proposed ALT text/);
  assert.equal(engine.bulkApprove({ batchId }), 1, 'bulk approval leaves the placeholder alone');
  c = engine.reviewCounts(batchId);
  assert.deepEqual([c.done, c.draft, c.missing], [2, 0, 1]);
});
