/**
 * Review of checker findings (issue 13) through the real engine, queue and built-in
 * processor: proposed slide titles are listed, identical ones grouped, approved, edited or
 * rejected (saved in the database), written by "Apply approved" only where approved, and
 * scored by the reports; the original deck is never modified.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { makeWorld, openEngine } from '../engine/helpers';

async function titles(deck: string): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(readFileSync(deck));
  const out = new Map<string, string>();
  for (const name of Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))) {
    const xml = await zip.file(name)!.async('string');
    const sp = [...xml.matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)].find((m) => /<p:ph type="(title|ctrTitle)"/.test(m[1]));
    if (sp) out.set(name, [...sp[1].matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join(''));
  }
  return out;
}

test('proposed titles: grouped when identical, approved / edited / rejected, applied only where approved, scored in the report', async (t) => {
  const w = await makeWorld(t, 2);
  const { makeDeck } = await import('../helpers/make-deck');
  // two decks whose slides carry the same top text: identical proposals across decks form one group
  const a = await makeDeck(w.decks[0], { slides: 3, picturesPerSlide: 0, title: (s) => (s === 1 ? 'Cardiac anatomy' : `Valves ${s}`) });
  const b = await makeDeck(w.decks[1], { slides: 1, picturesPerSlide: 0, title: () => 'Cardiac anatomy' });
  const originals = [readFileSync(a), readFileSync(b)];
  const engine = openEngine(w, null);
  t.after(() => engine.close());
  const batch = await engine.createBatch({ inputs: [a, b], settings: { outputDir: w.out, timeoutSec: 120 } });
  await engine.start(batch.id);
  const done = await engine.waitForBatch(batch.id);
  assert.equal(done.counts.succeeded, 2);

  const items = engine.checkReviewItems(batch.id, { rule: 'missing-slide-title' });
  assert.equal(items.length, 4);
  const groups = engine.checkReviewGroups(batch.id, { rule: 'missing-slide-title' });
  const cardiac = groups.find((g) => g.proposal === 'Cardiac anatomy')!;
  assert.equal(cardiac.members, 2, 'the same proposal in two decks is one decision');
  assert.equal(groups[0], cardiac, 'largest group first');
  // the Review screen's pages: the same groups, with where the first member is
  const page1 = engine.findingGroups({ batchId: batch.id, rule: 'missing-slide-title', limit: 1 });
  assert.deepEqual([page1.total, page1.groups.length, page1.findings, page1.decided], [groups.length, 1, 4, 0]);
  assert.equal(page1.groups[0].groupKey, cardiac.groupKey);
  assert.equal(page1.groups[0].decks, 2);
  assert.equal(engine.findingGroups({ batchId: batch.id, rule: 'missing-slide-title', offset: 1, limit: 50 }).groups.length, groups.length - 1);

  assert.equal(engine.decideFindingGroup({ batchId: batch.id, groupKey: cardiac.groupKey, action: 'approve', reviewer: 'rk' }), 2);
  const [v2, v3] = items.filter((i) => /^Valves/.test(i.finding.proposal ?? ''));

  // Approve all of a rule: one undoable action; a person's decision made since survives its undo
  assert.deepEqual(engine.findingsBulkPreview({ batchId: batch.id, rule: 'missing-slide-title' }), { findings: 2, decks: 1, byRule: { 'missing-slide-title': 2 } });
  const bulk = engine.approveAllFindings({ batchId: batch.id, rule: 'missing-slide-title', reviewer: 'rk' });
  assert.equal(bulk.approved, 2, 'only the undecided ones: the Cardiac group was decided');
  assert.equal(engine.findingsBulkPreview({ batchId: batch.id, rule: 'missing-slide-title' }).findings, 0);
  engine.decideFinding({ batchId: batch.id, jobId: v2.jobId, key: v2.key, action: 'approve' });
  assert.equal(engine.undoFindingsBulk({ batchId: batch.id, bulkId: bulk.bulkId }), 1, 'the one decided again since is kept');
  assert.equal(engine.checkReviewItems(batch.id, { rule: 'missing-slide-title', filter: 'decided' }).length, 3);
  assert.throws(() => engine.undoFindingsBulk({ batchId: batch.id, bulkId: 'x' }), /not a bulk action/);
  engine.decideFinding({ batchId: batch.id, jobId: v2.jobId, key: v2.key, action: 'edit', text: 'Mitral and tricuspid valves' });
  engine.decideFinding({ batchId: batch.id, jobId: v3.jobId, key: v3.key, action: 'reject' });
  assert.throws(() => engine.decideFinding({ batchId: batch.id, jobId: v3.jobId, key: v3.key, action: 'edit', text: '  ' }), /Type the text/);
  assert.equal(engine.checkReviewItems(batch.id, { filter: 'undecided', rule: 'missing-slide-title' }).length, 0);
  const decidedPage = engine.findingGroups({ batchId: batch.id, rule: 'missing-slide-title', filter: 'undecided' });
  assert.deepEqual([decidedPage.total, decidedPage.decided, decidedPage.findings], [0, 4, 4]);

  // Undo takes back a group's decision in one call (every member); deciding again restores it
  assert.equal(engine.clearFindingGroup({ batchId: batch.id, groupKey: cardiac.groupKey }), 2);
  assert.equal(engine.findingGroups({ batchId: batch.id, rule: 'missing-slide-title', filter: 'undecided' }).total, 1);
  assert.equal(engine.clearFindingGroup({ batchId: batch.id, groupKey: cardiac.groupKey }), 0, 'nothing left to undo');
  assert.equal(engine.decideFindingGroup({ batchId: batch.id, groupKey: cardiac.groupKey, action: 'approve', reviewer: 'rk' }), 2);
  assert.deepEqual(
    page1.groups[0].where.map((w) => w.slide),
    [1, 1],
    'a group row says where its members are',
  );

  // Information: what was fixed without review or is left to a person, listed but never decidable
  const info = engine.findingGroups({ batchId: batch.id, filter: 'info' });
  assert.ok(info.total > 0 && info.findings > 0 && info.decided === 0);
  assert.ok(info.groups.every((g) => g.outcome !== 'proposed' && g.decision === null && g.where.length > 0), JSON.stringify(info.groups));
  const lang = info.groups.find((g) => g.rule === 'document-language' && g.outcome === 'fixed');
  assert.ok(lang, 'the safe fix of the language is listed as information');
  assert.throws(() => engine.decideFindingGroup({ batchId: batch.id, groupKey: lang.groupKey, action: 'approve' }), /no findings awaiting review/);

  // the reviewed batch's report: approved and edited pass, the rejected one stays an issue
  const json = JSON.parse(readFileSync(await engine.writeReport(batch.id, 'json'), 'utf8'));
  const after = json.checks.batch.after.rules['missing-slide-title'];
  assert.deepEqual(after, { checked: 4, issues: 1, draft: 0, notChecked: 0 });

  const apply = await engine.applyApproved(batch.id);
  await engine.start(apply.id);
  const applied = await engine.waitForBatch(apply.id);
  assert.equal(applied.counts.succeeded, 2, JSON.stringify(engine.listJobs(apply.id).jobs.map((j) => j.error)));
  const byInput = new Map(engine.listJobs(apply.id).jobs.map((j) => [j.inputPath, j.outputPath!]));
  const ta = await titles(byInput.get(a)!);
  assert.equal(ta.get('ppt/slides/slide1.xml'), 'Cardiac anatomy');
  assert.equal(ta.get(v2.finding.part), 'Mitral and tricuspid valves');
  assert.equal(ta.get(v3.finding.part), undefined, 'rejected: no title written');
  assert.equal((await titles(byInput.get(b)!)).get('ppt/slides/slide1.xml'), 'Cardiac anatomy');
  // the final deck keeps the checker's safe fixes (the document's language)
  const core = await (await JSZip.loadAsync(readFileSync(byInput.get(a)!))).file('docProps/core.xml')!.async('string');
  assert.match(core, /<dc:language>en-US<\/dc:language>/);
  assert.deepEqual([readFileSync(a), readFileSync(b)], originals, 'the originals are never modified');
});
