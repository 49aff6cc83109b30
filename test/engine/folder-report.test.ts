/**
 * Issue 14 §3: one report for the output folder. It covers every batch that wrote there,
 * so a re-run's report still shows the decks done earlier; per deck the latest result
 * wins and each row says which batch it came from.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDeck } from '../helpers/make-deck';
import { makeWorld, openEngine } from './helpers';
import { folderReportPath, folderJobs } from '../../src/core/report-folder';

const sections = (html: string) => [...html.matchAll(/<section class="deck"[^>]*><h3 id="deck-\d+">([^<]+)<\/h3>\n<p class="deck-info meta">(.*?)<\/p>/g)].map((m) => ({ name: m[1], info: m[2] }));

test('the output folder report covers every batch that wrote there: latest result per deck, with its batch', async (t) => {
  const w = await makeWorld(t, 3);
  const engine = openEngine(w, 'claims-alt');
  t.after(() => engine.close());
  const run = async (inputs: string[], force = false) => {
    const b = await engine.createBatch({ inputs, settings: { outputDir: w.out, inputRoot: w.inputs, force } });
    await engine.start(b.id);
    const done = await engine.waitForBatch(b.id);
    assert.equal(done.counts.succeeded, inputs.length);
    await engine.writeReport(b.id, 'html');
    return b.id;
  };
  const first = await run([w.decks[0], w.decks[1]]);
  const file = folderReportPath(w.out);
  assert.ok(existsSync(file), 'written next to the batch reports');
  let html = readFileSync(file, 'utf8');
  assert.deepEqual(sections(html).map((s) => s.name), ['lecture-1.pptx', 'lecture-2.pptx']);
  assert.match(html, /1 batch wrote here/);

  // A second batch: deck 2 again (forced) and deck 3, new. Its own report has two decks; the folder's has three.
  const second = await run([w.decks[1], w.decks[2]], true);
  const own = readFileSync(await engine.writeReport(second, 'html'), 'utf8');
  assert.equal(sections(own).length, 2);
  html = readFileSync(file, 'utf8');
  const rows = sections(html);
  assert.deepEqual(rows.map((s) => s.name), ['lecture-1.pptx', 'lecture-2.pptx', 'lecture-3.pptx']);
  assert.match(rows[0].info, new RegExp(`Batch: ${first}`), 'the deck done earlier is still there, from the first batch');
  assert.match(rows[1].info, new RegExp(`Batch: ${second}`), 'the re-run deck: the latest result wins');
  assert.match(rows[2].info, new RegExp(`Batch: ${second}`));
  assert.match(html, /2 batches wrote here \(the latest result per deck\)/);
  assert.match(html, /<th scope="row">Decks<\/th><td class="num">3<\/td>/);
  // Each deck counted once: 2 + 4 + 2 pictures (lecture-2 twice would make 12).
  assert.match(html, /<th scope="row">Images found<\/th><td class="num">8<\/td>/);

  const { batches, jobs } = folderJobs(engine.store, w.out);
  assert.deepEqual(batches.map((b) => b.id), [first, second]);
  assert.equal(jobs.length, 3);

  // Another course with its own "lecture-1.pptx" writing to the same folder: a different deck, listed too.
  const other = await makeDeck(join(w.root, 'pharma', 'lecture-1.pptx'), { slides: 1 });
  const b3 = await engine.createBatch({ inputs: [other], settings: { outputDir: w.out, inputRoot: join(w.root, 'pharma') } });
  await engine.start(b3.id);
  await engine.waitForBatch(b3.id);
  await engine.writeReport(b3.id, 'html');
  const names = sections(readFileSync(file, 'utf8')).map((s) => s.name);
  assert.deepEqual(names, ['lecture-1.pptx', 'lecture-1.pptx', 'lecture-2.pptx', 'lecture-3.pptx'], 'by the original, not by its name');

  // A dry run into the same folder changes nothing there.
  const dry = await engine.createBatch({ inputs: [w.decks[0]], settings: { outputDir: w.out, inputRoot: w.inputs, dryRun: true } });
  assert.equal(dry.settings.dryRun, true);
  assert.deepEqual(folderJobs(engine.store, w.out).batches.map((b) => b.id), [first, second, b3.id]);
});
