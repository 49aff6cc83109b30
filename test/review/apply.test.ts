/**
 * Review → apply, through the real engine, queue and built-in processor: the
 * decisions a person made are what ends up in the final deck, and only those.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { join } from 'node:path';
import { makeWorld, openEngine, debris } from '../engine/helpers';
import { standingAfter } from '../../src/shared/score';

async function descrs(deck: string): Promise<Map<string, { descr: string | null; decorative: boolean }>> {
  const zip = await JSZip.loadAsync(readFileSync(deck));
  const out = new Map<string, { descr: string | null; decorative: boolean }>();
  for (const name of Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))) {
    const xml = await zip.file(name)!.async('string');
    for (const m of xml.matchAll(/<p:cNvPr\b([^>]*?)(\/>|>([\s\S]*?)<\/p:cNvPr>)/g)) {
      const id = /\bid="(\d+)"/.exec(m[1])![1];
      const d = /\bdescr="([^"]*)"/.exec(m[1]);
      out.set(`${name}#${id}`, { descr: d ? d[1] : null, decorative: /adec:decorative[^>]*val="(1|true)"/.test(m[3] ?? '') });
    }
  }
  return out;
}

test('approve, edit, decorative and reject end up in the final deck; undecided images keep the original; the original is untouched', async (t) => {
  const w = await makeWorld(t, 1);
  // 4 pictures without meaningful ALT (pptxgenjs writes a file name as descr: junk).
  const { makeDeck } = await import('../helpers/make-deck');
  const deck = await makeDeck(w.decks[0], { slides: 2, picturesPerSlide: 3, title: (s) => `Cardiac anatomy ${s}` });
  const original = readFileSync(deck);
  const engine = openEngine(w, null); // the built-in processor
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [deck], settings: { outputDir: w.out, timeoutSec: 120 } });
  await engine.start(b.id);
  const done = await engine.waitForBatch(b.id);
  assert.equal(done.counts.succeeded, 1, JSON.stringify(engine.listJobs(b.id).jobs[0].error));
  const items = engine.reviewItems(b.id).items;
  assert.ok(items.length >= 5, `review items: ${items.length}`);
  const [approve, edit, decorative, reject, undecided] = items;
  const approved = approve.item.newAlt;
  if (approved) engine.decide({ batchId: b.id, jobId: approve.jobId, itemKey: approve.itemKey, action: 'approve' });
  else engine.decide({ batchId: b.id, jobId: approve.jobId, itemKey: approve.itemKey, action: 'edit', text: 'Approved stand-in' });
  engine.decide({ batchId: b.id, jobId: edit.jobId, itemKey: edit.itemKey, action: 'edit', text: 'Left ventricle & "apex" <labelled>' });
  engine.decide({ batchId: b.id, jobId: decorative.jobId, itemKey: decorative.itemKey, action: 'decorative' });
  engine.decide({ batchId: b.id, jobId: reject.jobId, itemKey: reject.itemKey, action: 'reject' });

  const apply = await engine.applyApproved(b.id);
  assert.equal(apply.kind, 'apply');
  assert.equal(apply.parentBatchId, b.id);
  await engine.start(apply.id);
  const applied = await engine.waitForBatch(apply.id);
  assert.equal(applied.counts.succeeded, 1, JSON.stringify(engine.listJobs(apply.id).jobs[0].error));
  const job = engine.listJobs(apply.id).jobs[0];
  assert.equal(job.outputPath, engine.listJobs(b.id).jobs[0].outputPath, 'the final deck replaces the draft');

  const before = await descrs(deck);
  const after = await descrs(job.outputPath!);
  const key = (r: typeof approve) => `${r.item.part}#${r.item.shapeId}`;
  assert.equal(after.get(key(approve))!.descr, approved ?? 'Approved stand-in');
  assert.equal(after.get(key(edit))!.descr, 'Left ventricle &amp; &quot;apex&quot; &lt;labelled&gt;');
  assert.equal(after.get(key(decorative))!.decorative, true);
  assert.deepEqual(after.get(key(reject)), before.get(key(reject)), 'rejected: the original ALT stays');
  assert.deepEqual(after.get(key(undecided)), before.get(key(undecided)), 'undecided: not written');
  assert.deepEqual(readFileSync(deck), original, 'the original deck is never modified');

  // Issue 14 §2: the final deck was read back, and the apply batch's report agrees with the file.
  const rb = job.result!.readBack!;
  assert.ok(rb, 'the final deck was read back');
  const missingInFile = new Set(rb.missing);
  for (const r of [approve, edit, decorative]) assert.equal(missingInFile.has(key(r)), false, `${key(r)} has its ALT in the file`);
  assert.equal(missingInFile.has(key(undecided)), true, 'the undecided picture still has no usable ALT in the file');
  for (const i of job.result!.items) {
    assert.equal(missingInFile.has(`${i.part}#${i.shapeId}`), standingAfter(i) === 'missing', `${i.part}#${i.shapeId}: report and file agree`);
  }
  const report = JSON.parse(readFileSync(await engine.writeReport(apply.id, 'json', join(w.root, 'apply.json')), 'utf8'));
  assert.equal(report.summary.notInFile, 0);
  assert.deepEqual(debris(w.inputs), []);
  assert.deepEqual(debris(w.out), []);
});
