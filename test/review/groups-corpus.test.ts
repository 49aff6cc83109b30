/**
 * Issue 11 proof on real decks: the same picture in several corpus decks (the same
 * bytes, under different part names) is one review decision, and applying that one
 * decision writes every copy into every final deck, through the real engine, queue
 * and built-in processor. The originals stay untouched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { makeWorld, openEngine } from '../engine/helpers';
import { corpusFile, corpusSkip } from '../helpers/corpus';

// four decks share one 6 KB picture; three tika decks share three small images
const DECKS = ['pptx__ph-populated-placeholders.pptx', 'pptx__shp-picture.pptx', 'pptx__shp-shapes.pptx', 'unstructured__picture.pptx', 'tika__testPPT_2imgs.pptx', 'tika__testPPT_embedded_two_slides.pptx', 'tika__testPPT_embeded.pptx'];

async function descrOf(deck: string, part: string, shapeId: string): Promise<string | null> {
  const xml = await (await JSZip.loadAsync(readFileSync(deck))).file(part)!.async('string');
  for (const m of xml.matchAll(/<(?:\w+:)?cNvPr\b([^>]*?)\/?>/g)) {
    if (/\bid="([^"]*)"/.exec(m[1])?.[1] !== shapeId) continue;
    const d = /\bdescr="([^"]*)"/.exec(m[1]);
    return d ? d[1] : null;
  }
  throw new Error(`no shape ${shapeId} in ${part}`);
}

test('corpus: identical pictures across decks are one decision; applying it writes every copy', { skip: corpusSkip, timeout: 300_000 }, async (t) => {
  const w = await makeWorld(t, 0);
  const dir = join(w.root, 'share');
  mkdirSync(dir, { recursive: true });
  for (const f of DECKS) copyFileSync(corpusFile(f), join(dir, f));
  const originals = new Map(DECKS.map((f) => [f, readFileSync(join(dir, f))]));
  const engine = openEngine(w, null); // the built-in processor
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [dir], settings: { outputDir: w.out, timeoutSec: 120 } });
  await engine.start(b.id);
  const done = await engine.waitForBatch(b.id);
  assert.equal(done.counts.succeeded, DECKS.length, JSON.stringify(engine.listJobs(b.id).jobs.map((j) => [j.relPath, j.state, j.error])));

  const { groups } = engine.reviewGroups(b.id, { limit: 2000 });
  const counts = engine.reviewCounts(b.id);
  assert.ok(counts.groups! < counts.items, `fewer decisions (${counts.groups}) than images (${counts.items})`);
  const shared = groups.filter((g) => g.decks >= 2);
  assert.ok(shared.length >= 2, `pictures shared across decks are grouped: ${JSON.stringify(groups.map((g) => [g.members, g.decks]))}`);
  assert.ok(groups[0].members >= groups[groups.length - 1].members, 'most copies first');
  const logo = shared[0];
  assert.equal(logo.groupKey.startsWith('media:'), true);
  const members = engine.groupMembers({ batchId: b.id, groupKey: logo.groupKey, limit: 2000 }).items;
  assert.equal(members.length, logo.members);
  assert.ok(new Set(members.map((m) => m.jobId)).size >= 2);
  // different part names, same bytes: that is what grouping by content means
  assert.ok(members.every((m) => m.item.mediaHash === members[0].item.mediaHash));
  // and the processor says where each sits on its slide (the Review screen's outline)
  assert.ok(members.every((m) => m.item.outline && m.item.outline.aspect > 0), 'every copy carries its slide outline');

  const text = 'Logo of the publisher, checked once for every copy';
  const r = engine.decideGroup({ batchId: b.id, groupKey: logo.groupKey, action: 'edit', text, reviewer: 'corpus' });
  assert.equal(r.members, members.length);
  assert.equal(engine.reviewCounts(b.id).groupsDecided, 1);

  const apply = await engine.applyApproved(b.id);
  await engine.start(apply.id);
  const applied = await engine.waitForBatch(apply.id);
  assert.equal(applied.counts.succeeded, new Set(members.map((m) => m.jobId)).size, JSON.stringify(engine.listJobs(apply.id).jobs.map((j) => [j.relPath, j.state, j.error])));
  const outputs = new Map(engine.listJobs(apply.id).jobs.map((j) => [j.inputPath, j.outputPath!]));
  for (const m of members) {
    const [part, shapeId] = m.itemKey.split('#');
    assert.equal(await descrOf(outputs.get(m.deckPath)!, part, shapeId), text, `${m.deckPath} ${m.itemKey}`);
  }
  for (const [f, bytes] of originals) assert.deepEqual(readFileSync(join(dir, f)), bytes, `${f} is never modified`);
});
