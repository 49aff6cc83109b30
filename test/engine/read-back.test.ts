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
import { standingAfter } from '../../src/shared/score';
import { buildSummary, formatSummaryText } from '../../src/cli/summary';
import type { ReportJson } from '../../src/core/report/json';

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
