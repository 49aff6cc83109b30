/**
 * Issue 14 §2: reports state what is in the files. After a deck's output is validated the
 * engine reads it back (slide XML, the preflight audit); the reports, the score and the
 * CLI summary count an image as missing when the file holds no ALT for it, whatever the
 * processor claimed, and say so as something that needs attention.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorld, openEngine } from './helpers';
import { makeDeck } from '../helpers/make-deck';
import { standingAfter, scoreOf, withReadBack } from '../../src/shared/score';
import type { AltItem } from '../../src/shared/types';
import { buildSummary, formatSummaryText } from '../../src/cli/summary';
import type { ReportJson } from '../../src/core/report/json';
import { buildModel } from '../../src/core/report/model';
import { toHtml } from '../../src/core/report/html';
import { batch, item, job, result } from '../report/fixtures';

test('a processor that claims ALT it did not write: the reports show those images as missing and a needs-attention line', async (t) => {
  const w = await makeWorld(t, 2); // 1 + 2 pictures per slide, 2 slides: 6 pictures, none with ALT
  const engine = openEngine(w, 'claims-alt');
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out } });
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.counts.succeeded, 2);
  const jobs = engine.listJobs(b.id).jobs;
  let claimed = 0;
  for (const j of jobs) {
    const rb = j.result?.readBack;
    assert.ok(rb, 'the output was read back');
    assert.equal(rb.pictures, j.result!.items.length);
    assert.equal(rb.missingAlt, rb.pictures, 'the file holds no ALT');
    assert.equal(rb.missing.length, rb.pictures);
    claimed += j.result!.items.filter((i) => i.status === 'written').length;
  }
  assert.equal(claimed, 6, 'the processor claimed every picture written');

  const json = JSON.parse(readFileSync(await engine.writeReport(b.id, 'json', join(w.root, 'r.json')), 'utf8')) as ReportJson;
  assert.equal(json.summary.notInFile, 6);
  assert.deepEqual(json.summary.scoreAfter, { images: 6, done: 0, draft: 0, missing: 6 }, 'scored on the file, not the claim');
  assert.equal(json.summary.accessibilityAfter, 0);
  for (const d of json.decks) assert.ok(d.items.every((i) => i.missingInFile === true));

  const html = readFileSync(await engine.writeReport(b.id, 'html', join(w.root, 'r.html')), 'utf8');
  assert.match(html, /6 images the processor reported as written have no ALT in the file/);
  assert.doesNotMatch(html, /Nothing needs attention/);
  assert.equal(html.match(/Not in the written deck: it has no ALT text there/g)?.length, 6, 'each image row says so');
  assert.match(html, /Read back from the written deck: 2 slide pictures, 2 without ALT text/);
  assert.match(html, /lecture-1\.pptx<\/a> \(2 images the processor reported as written have no ALT in the file/);

  const csv = readFileSync(await engine.writeReport(b.id, 'csv', join(w.root, 'r.csv')), 'utf8');
  assert.equal(csv.split('\n').filter((l) => /\bmissing\b/.test(l)).length, 6, 'each image row stands as missing');

  const summary = buildSummary(engine.getBatch(b.id)!, jobs, 0);
  assert.equal(summary.notInFile, 6);
  assert.equal(summary.score.after?.missing, 6);
  assert.match(formatSummaryText(summary), /Needs attention: 6 image\(s\) the processor reported as written have no ALT in the file/);
});

test('the built-in processor: the read-back agrees with its claims, and nothing is flagged', async (t) => {
  const w = await makeWorld(t, 0);
  // Half the pictures carry a person's ALT: some stay missing (no filler), some are done.
  const deck = await makeDeck(join(w.inputs, 'mixed.pptx'), { slides: 2, picturesPerSlide: 2, alt: (i) => (i % 2 ? 'A labelled diagram of the heart' : undefined) });
  const engine = openEngine(w, null);
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [deck], settings: { outputDir: w.out } });
  await engine.start(b.id);
  await engine.waitForBatch(b.id);
  const [j] = engine.listJobs(b.id).jobs;
  assert.equal(j.state, 'succeeded', JSON.stringify(j.error));
  const rb = j.result!.readBack!;
  assert.ok(rb, 'the output was read back');
  assert.equal(rb.pictures, 4);
  const missing = new Set(rb.missing);
  for (const i of j.result!.items) {
    assert.equal(missing.has(`${i.part}#${i.shapeId}`), standingAfter(i) === 'missing', `${i.part}#${i.shapeId}: file and claim agree`);
  }
  assert.ok(rb.missingAlt > 0 && rb.missingAlt < 4, `a mix: ${rb.missingAlt} missing`);
  const json = JSON.parse(readFileSync(await engine.writeReport(b.id, 'json', join(w.root, 'r.json')), 'utf8')) as ReportJson;
  assert.equal(json.summary.notInFile, 0);
  assert.equal(json.summary.scoreAfter?.missing, rb.missingAlt);
  const html = readFileSync(await engine.writeReport(b.id, 'html', join(w.root, 'r.html')), 'utf8');
  assert.doesNotMatch(html, /reported as written have no ALT/);
  const summary = buildSummary(engine.getBatch(b.id)!, engine.listJobs(b.id).jobs, 0);
  assert.equal(summary.notInFile, 0);
  assert.doesNotMatch(formatSummaryText(summary), /Needs attention/);
});

test('a processor that lists no items: the report takes the pictures and the missing ALT from the file', async (t) => {
  const w = await makeWorld(t, 2);
  const engine = openEngine(w, 'succeed'); // copies the deck, reports 0 objects and no items
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out } });
  await engine.start(b.id);
  await engine.waitForBatch(b.id);
  const json = JSON.parse(readFileSync(await engine.writeReport(b.id, 'json', join(w.root, 'r.json')), 'utf8')) as ReportJson;
  assert.equal(json.summary.pictures, 6, 'pictures counted in the written decks');
  assert.equal(json.summary.unresolved, 6, 'every picture without ALT in the file needs a person');
  assert.equal(json.summary.notInFile, 0, 'it claimed nothing written, so nothing contradicts it');
});

test('scoring: the file decides unless a review decision not yet applied says otherwise', () => {
  const item = { slide: 1, part: 'ppt/slides/slide1.xml', shapeId: '4', shapeName: 'Picture 3', kind: 'picture', mediaPart: null, oldAlt: null, oldAltVerdict: 'missing', newAlt: 'Heart, labelled', source: 'person', status: 'written', needsReview: false, reviewReasons: [], decorative: false } as AltItem;
  const rb = { pictures: 2, missingAlt: 1, decorative: 0, missing: ['ppt/slides/slide1.xml#4'] };
  const other = { ...item, shapeId: '5' };
  const [a, o] = withReadBack([item, other], rb);
  assert.equal(standingAfter(item), 'done', 'as claimed');
  assert.equal(standingAfter(a), 'missing', 'as the file holds it');
  assert.equal(standingAfter(o), 'done', 'another shape is untouched');
  assert.equal(standingAfter(a, { action: 'approve' }), 'missing', 'an approval the file does not hold is still missing');
  const [pending] = withReadBack([item], rb, () => true);
  assert.equal(standingAfter(pending, { action: 'approve' }), 'done', 'a decision not yet applied scores as what it will write');
  assert.deepEqual(scoreOf([a, o], 'after'), { images: 2, done: 1, draft: 0, missing: 1 });
  assert.deepEqual(withReadBack([item], null), [item], 'no read-back (older results): the claims stand');
});

test('after "Apply approved": the reviewed batch report scores approved images on the final deck, read back (the 100 % report of issue 14)', () => {
  const pics = [item({ shapeId: '4' }), item({ shapeId: '5' })];
  const decisions = new Map(pics.map((p) => [`1|${p.part}#${p.shapeId}`, { jobId: 1, itemKey: `${p.part}#${p.shapeId}`, action: 'approve' as const, text: p.newAlt, reviewer: null, decidedAt: 1 }]));
  const counts = new Map([[1, { items: 2, reviewed: 2, approved: 2, edited: 0, decorative: 0, rejected: 0, undecided: 0, needsReview: 0 } as never]]);
  // The final deck holds ALT for shape 4 only.
  const readBack = { pictures: 2, missingAlt: 1, decorative: 0, missing: ['ppt/slides/slide1.xml#5'] };
  const input = { batch: batch(), jobs: [job(1, { result: result(pics, { readBack }) })], generatedAt: 0, appVersion: 'test' };
  const notApplied = buildModel({ ...input, review: { counts, decisions } });
  assert.deepEqual(notApplied.summary.scoreAfter, { images: 2, done: 2, draft: 0, missing: 0 }, 'before apply the decisions are what will be written');
  assert.equal(notApplied.summary.notInFile, 0);
  const applied = buildModel({ ...input, review: { counts, decisions, applied: new Set([1]) } });
  assert.deepEqual(applied.summary.scoreAfter, { images: 2, done: 1, draft: 0, missing: 1 }, 'not 100 %: one image has no ALT in the final deck');
  assert.equal(applied.summary.notInFile, 1);
  const html = toHtml({ ...input, review: { counts, decisions, applied: new Set([1]) } });
  assert.match(html, /1 image the processor reported as written has no ALT in the file/);
  assert.doesNotMatch(html, /Nothing needs attention/);
});

test('issue 14 regression: after "Apply approved" the reviewed batch report does not say 100 % and "Nothing needs attention" while the final decks have no ALT', async (t) => {
  const w = await makeWorld(t, 2); // 6 pictures, none with ALT
  // The processor (also used by Apply approved) claims ALT it never writes: every final deck lacks it.
  const engine = openEngine(w, 'claims-alt');
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out } });
  await engine.start(b.id);
  await engine.waitForBatch(b.id);
  const items = engine.reviewItems(b.id).items;
  assert.equal(items.length, 6);
  for (const r of items) engine.decide({ batchId: b.id, jobId: r.jobId, itemKey: r.itemKey, action: 'approve' });
  const apply = await engine.applyApproved(b.id);
  await engine.start(apply.id);
  const a = await engine.waitForBatch(apply.id);
  assert.equal(a.counts.succeeded, 2, JSON.stringify(engine.listJobs(apply.id).jobs.map((j) => j.error)));
  for (const j of engine.listJobs(apply.id).jobs) assert.equal(j.result!.readBack!.missingAlt, j.result!.readBack!.pictures, 'the final deck holds no ALT');

  const json = JSON.parse(readFileSync(await engine.writeReport(b.id, 'json', join(w.root, 'reviewed.json')), 'utf8')) as ReportJson;
  assert.deepEqual(json.summary.scoreAfter, { images: 6, done: 0, draft: 0, missing: 6 }, 'scored on the final decks, not on the approvals');
  assert.equal(json.summary.accessibilityAfter, 0, 'not 100 %');
  assert.equal(json.summary.notInFile, 6);
  const html = readFileSync(await engine.writeReport(b.id, 'html', join(w.root, 'reviewed.html')), 'utf8');
  assert.doesNotMatch(html, /Nothing needs attention/);
  assert.match(html, /6 images the processor reported as written have no ALT in the file/);
});

test('issue 14 regression: the apply batch\'s own report and summary count the images nobody decided, as the final deck holds them', async (t) => {
  const w = await makeWorld(t, 2); // 2 slides each, 1 and 2 pictures a slide: 6 pictures, none with ALT
  const engine = openEngine(w, null); // the built-in processor, also in apply mode
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out } });
  await engine.start(b.id);
  await engine.waitForBatch(b.id);
  const items = engine.reviewItems(b.id).items;
  assert.equal(items.length, 6);
  // one approval in each deck: the final decks hold 2 ALT texts and 4 images without one
  const perDeck = new Map<number, (typeof items)[number]>();
  for (const r of items) if (!perDeck.has(r.jobId)) perDeck.set(r.jobId, r);
  for (const r of perDeck.values()) engine.decide({ batchId: b.id, jobId: r.jobId, itemKey: r.itemKey, action: 'edit', text: 'Diagram of the nephron' });
  const apply = await engine.applyApproved(b.id);
  await engine.start(apply.id);
  const a = await engine.waitForBatch(apply.id);
  assert.equal(a.counts.succeeded, 2);
  const jobs = engine.listJobs(apply.id).jobs;
  for (const j of jobs) assert.equal(j.result!.readBack!.missingAlt, j.result!.readBack!.pictures - 1, 'one ALT in each final deck');

  const json = JSON.parse(readFileSync(await engine.writeReport(apply.id, 'json', join(w.root, 'apply.json')), 'utf8')) as ReportJson;
  assert.deepEqual(json.summary.scoreAfter, { images: 6, done: 2, draft: 0, missing: 4 }, 'every image of the final decks, not only the decided ones');
  assert.notEqual(json.summary.accessibilityAfter, 1);
  const html = readFileSync(await engine.writeReport(apply.id, 'html', join(w.root, 'apply.html')), 'utf8');
  assert.doesNotMatch(html, /Nothing needs attention/);
  const summary = buildSummary(engine.getBatch(apply.id)!, jobs, 0);
  assert.equal(summary.score.after?.missing, 4);
  assert.match(formatSummaryText(summary), /Images after: {2}2 done, 0 draft \(awaiting review\), 4 missing alternative text/);
});
