/**
 * Identical images are one decision (issue 11 §1) and the counts are kept in SQL (§2):
 * groups by content hash across decks, one decision writes every copy, a member can be
 * split off, decisions carry into later batches, and the incremental counts always equal
 * a recount from scratch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { processedBatch, item, result } from './fixtures';
import type { Engine } from '../../src/core/engine';
import type { AltItem } from '../../src/shared/types';
import { standingAfter } from '../../src/shared/score';
import { isReviewable } from '../../src/core/review/rules';

const LOGO = 'a'.repeat(64);
const ICON = 'b'.repeat(64);
const logo = (slide: number, id: string, over: Partial<AltItem> = {}) => item(slide, id, { mediaHash: LOGO, newAlt: 'University crest', source: 'file-name', ...over });

/** Counts recomputed the slow way, from every item and decision: what the triggers must always match. */
function recount(engine: Engine, batchId: string) {
  const all = engine.listJobs(batchId).jobs.flatMap((j) => (j.result?.items ?? []).map((it) => ({ j, it })));
  const decided = new Map(engine.reviewItems(batchId, { filter: 'decided' }).items.map((r) => [`${r.jobId}|${r.itemKey}`, r.decision!]));
  const c = { items: 0, reviewed: 0, done: 0, draft: 0, missing: 0 };
  for (const { j, it } of all) {
    const d = isReviewable(it) ? (decided.get(`${j.id}|${it.part}#${it.shapeId}`) ?? null) : null;
    if (isReviewable(it)) c.items++;
    if (d) c.reviewed++;
    c[standingAfter(it, d)]++;
  }
  return c;
}

function assertCountsAgree(engine: Engine, batchId: string) {
  const got = engine.reviewCounts(batchId);
  assert.deepEqual({ items: got.items, reviewed: got.reviewed, done: got.done, draft: got.draft, missing: got.missing }, recount(engine, batchId));
  // the decision totals kept by triggers agree with the groups listed
  assert.deepEqual([got.groups, got.groupsDecided], [engine.reviewGroups(batchId).total, engine.reviewGroups(batchId, { filter: 'decided' }).total]);
}

test('identical images across decks are one group, most copies first; one decision writes every copy; a member splits off', async (t) => {
  const { engine, batchId, jobIds } = await processedBatch(t, [
    [logo(1, '4'), item(1, '5', { mediaHash: ICON, newAlt: 'Arrow icon' }), item(2, '6', { newAlt: 'Chest X-ray, left lower lobe' })],
    [logo(1, '4'), logo(3, '9'), item(2, '7', { mediaHash: ICON, newAlt: 'Arrow icon' })],
    [logo(1, '4'), item(1, '8', { mediaHash: null })],
  ]);
  const { total, groups } = engine.reviewGroups(batchId);
  assert.equal(total, 4, 'logo ×4, icon ×2 and two images on their own');
  assert.deepEqual(
    groups.map((g) => g.members),
    [4, 2, 1, 1],
    'ordered by impact',
  );
  const logoGroup = groups[0];
  assert.equal(logoGroup.groupKey, `media:${LOGO}`);
  assert.equal(logoGroup.decks, 3);
  assert.deepEqual(
    logoGroup.where.map((w) => [w.jobId, w.slide]),
    [
      [jobIds[0], 1],
      [jobIds[1], 1],
      [jobIds[1], 3],
      [jobIds[2], 1],
    ],
  );
  let c = engine.reviewCounts(batchId);
  assert.deepEqual([c.items, c.groups, c.groupsDecided], [8, 4, 0], 'decisions needed against images');

  const r = engine.decideGroup({ batchId, groupKey: logoGroup.groupKey, action: 'edit', text: 'Crest of the medical school', reviewer: 'ana' });
  assert.equal(r.members, 4);
  const decided = engine.reviewItems(batchId, { filter: 'decided' }).items;
  assert.equal(decided.length, 4);
  assert.ok(decided.every((d) => d.decision!.text === 'Crest of the medical school' && d.decision!.reviewer === 'ana'));
  for (const j of jobIds) {
    const ins = engine.review.applyInstructions(batchId, j)!;
    assert.ok(ins.items.every((i) => i.text === 'Crest of the medical school'), 'every copy goes into the apply instructions');
  }
  c = engine.reviewCounts(batchId);
  assert.deepEqual([c.reviewed, c.groupsDecided], [4, 1]);
  assert.equal(engine.reviewGroups(batchId, { filter: 'undecided' }).total, 3);
  assertCountsAgree(engine, batchId);

  // one copy is not the crest after all (same bytes, different meaning on that slide): split it off
  const own = engine.splitMember({ batchId, jobId: jobIds[1], itemKey: 'ppt/slides/slide3.xml#9' });
  assert.equal(own, `one:${jobIds[1]}|ppt/slides/slide3.xml#9`);
  const after = engine.reviewGroups(batchId);
  assert.equal(after.total, 5);
  assert.equal(after.groups[0].members, 3);
  const alone = after.groups.find((g) => g.groupKey === own)!;
  assert.equal(alone.decision?.text, 'Crest of the medical school', 'the split member keeps its decision until changed');
  engine.decideGroup({ batchId, groupKey: own, action: 'decorative' });
  assert.equal(engine.reviewGroups(batchId).groups[0].decision?.action, 'edit', 'the group is unchanged');
  assertCountsAgree(engine, batchId);

  // undo a group decision: every copy is undecided again
  assert.equal(engine.clearGroup({ batchId, groupKey: logoGroup.groupKey }), 3);
  assert.equal(engine.reviewCounts(batchId).reviewed, 1);
  assertCountsAgree(engine, batchId);

  // approve takes the first member's proposal for all
  engine.decideGroup({ batchId, groupKey: `media:${ICON}`, action: 'approve' });
  assert.deepEqual(
    engine.groupMembers({ batchId, groupKey: `media:${ICON}` }).items.map((m) => m.decision?.text),
    ['Arrow icon', 'Arrow icon'],
  );
  assert.throws(() => engine.decideGroup({ batchId, groupKey: 'media:nope', action: 'approve' }), /No group/);
});

test('a decided image carries its decision into a later batch (the library); a split survives re-indexing', async (t) => {
  const { w, engine, batchId, jobIds } = await processedBatch(t, [[logo(1, '4'), item(1, '5')], [logo(2, '3')]]);
  engine.decideGroup({ batchId, groupKey: `media:${LOGO}`, action: 'decorative', reviewer: 'ana' });
  // A second batch of the same decks: new jobs, same logo bytes.
  const b2 = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: join(w.root, 'out2') } });
  await engine.start(b2.id);
  await engine.waitForBatch(b2.id);
  const db = new Database(join(w.home, 'altdeck.db'));
  const jobs2 = engine.listJobs(b2.id).jobs;
  db.prepare('UPDATE jobs SET result = ? WHERE id = ?').run(JSON.stringify(result([logo(5, '11'), item(1, '12')])), jobs2[0].id);
  db.prepare('UPDATE jobs SET result = ? WHERE id = ?').run(JSON.stringify(result([item(1, '13')])), jobs2[1].id);
  const g = engine.reviewGroups(b2.id).groups.find((x) => x.groupKey === `media:${LOGO}`)!;
  assert.equal(g.decision?.action, 'decorative');
  assert.equal(g.fromLibrary, true, 'marked as decided in an earlier batch');
  assert.equal(g.decision?.reviewer, 'ana');
  const c = engine.reviewCounts(b2.id);
  assert.deepEqual([c.items, c.reviewed, c.groups, c.groupsDecided], [3, 1, 3, 1]);
  assertCountsAgree(engine, b2.id);

  // A retry writes the deck's result again: it is indexed afresh, and a split member stays split.
  engine.splitMember({ batchId, jobId: jobIds[1], itemKey: 'ppt/slides/slide2.xml#3' });
  db.prepare('UPDATE jobs SET result = ? WHERE id = ?').run(JSON.stringify(result([logo(2, '3'), logo(4, '20')])), jobIds[1]);
  db.close();
  const groups = engine.reviewGroups(batchId).groups;
  assert.equal(groups.find((x) => x.groupKey === `media:${LOGO}`)!.members, 2, 'deck 1 slide 1 and the new copy on slide 4');
  assert.ok(groups.some((x) => x.groupKey === `one:${jobIds[1]}|ppt/slides/slide2.xml#3`));
  assertCountsAgree(engine, batchId);
});

test('bulk approval: a preview says how many are clinical or read by OCR; one action, undone as one', async (t) => {
  const { engine, batchId, jobIds } = await processedBatch(t, [
    [item(1, '4', { source: 'ocr', newAlt: 'Text in image: "Aortic arch"' }), item(1, '5', { newAlt: 'Chest X-ray of a patient' }), item(1, '6', { source: 'chart', newAlt: 'Bar chart' })],
    [item(1, '4', { source: 'placeholder', newAlt: 'Image without a description' }), item(1, '7', { source: 'chart', newAlt: 'Line chart' })],
  ]);
  const p = engine.bulkPreview({ batchId });
  assert.deepEqual(p, { images: 4, clinical: 1, ocrOrContext: 2 }, 'the OCR text and the context draft (the fixtures’ default); the placeholder is never approved in bulk');
  engine.decide({ batchId, jobId: jobIds[1], itemKey: 'ppt/slides/slide1.xml#7', action: 'edit', text: 'Admissions by year' });
  const r = engine.approveAll({ batchId });
  assert.equal(r.approved, 3);
  assert.equal(engine.reviewCounts(batchId).reviewed, 4);
  // a person changes one of the bulk-approved images: the undo leaves that one alone
  engine.decide({ batchId, jobId: jobIds[0], itemKey: 'ppt/slides/slide1.xml#6', action: 'decorative' });
  assert.equal(engine.undoBulk({ batchId, bulkId: r.bulkId }), 2);
  const left = engine.reviewItems(batchId, { filter: 'decided' }).items.map((i) => [i.itemKey, i.decision!.action]);
  assert.deepEqual(left.sort(), [
    ['ppt/slides/slide1.xml#6', 'decorative'],
    ['ppt/slides/slide1.xml#7', 'edit'],
  ]);
  assertCountsAgree(engine, batchId);
  assert.throws(() => engine.undoBulk({ batchId, bulkId: 'local' }), /not a bulk action/);
});

test('decks are paged with their counts, nothing capped', async (t) => {
  const decks = Array.from({ length: 30 }, (_, i) => [item(1, String(i + 1), { mediaHash: i % 2 ? LOGO : null })]);
  const { engine, batchId } = await processedBatch(t, decks);
  const first = engine.reviewDecks({ batchId, limit: 20 });
  assert.equal(first.total, 30);
  assert.equal(first.decks.length, 20);
  const rest = engine.reviewDecks({ batchId, offset: 20, limit: 20 });
  assert.equal(rest.decks.length, 10);
  assert.equal(new Set([...first.decks, ...rest.decks].map((d) => d.jobId)).size, 30);
  const c = engine.reviewCounts(batchId);
  assert.deepEqual([c.items, c.groups], [30, 16], '15 copies of the logo are one decision');
});
