/**
 * The app's Start (issue 8 §9): a second click 250 ms after the first made a second batch of
 * the same decks, and createBatch re-ran the whole dry run. An identical create in flight joins
 * the first; the dry run's verdicts are reused for decks that did not change.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorld, openEngine } from './helpers';

test('two concurrent identical creates make one batch', async (t) => {
  const w = await makeWorld(t, 6);
  const engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  const req = { inputs: [w.inputs], settings: { outputDir: w.out } };
  const [a, b] = await Promise.all([engine.createBatch(req), engine.createBatch({ ...req, inputs: [...req.inputs] })]);
  assert.equal(a.id, b.id);
  assert.equal(engine.listBatches().length, 1);
  assert.equal(a.counts.total, 6);
  // Once it is made, a new request is a new batch (the app's "Start" is gone by then; the CLI runs twice on purpose).
  const c = await engine.createBatch({ ...req, settings: { ...req.settings, force: true } });
  assert.notEqual(c.id, a.id);
  assert.equal(engine.listBatches().length, 2);
});

test('createBatch reuses the dry run verdicts; a deck changed since the dry run is checked again', async (t) => {
  const w = await makeWorld(t, 4);
  // Whole seconds, so that setting the time back below restores it exactly.
  const stamp = new Date('2026-09-01T08:00:00Z');
  for (const d of w.decks) utimesSync(d, stamp, stamp);
  const engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  const shown = await engine.preflight([w.inputs], [w.out]);
  assert.equal(shown.accepted, 4);
  assert.equal(engine.verdicts.checked, 4);

  // Unchanged in the eyes of the cache (same size, mtime, inode): its verdict is reused, not re-read.
  // Damaging it in place while keeping size and mtime proves no second check ran.
  const kept = w.decks[0];
  const bytes = readFileSync(kept);
  bytes.fill(0, 0, 4);
  writeFileSync(kept, bytes);
  utimesSync(kept, stamp, stamp);
  // Changed (cut short): checked again, and the batch says what it is now.
  const changed = w.decks[1];
  truncateSync(changed, Math.floor(statSync(changed).size / 2));

  const batch = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out, dryRun: true } });
  assert.equal(engine.verdicts.checked, 5, 'only the changed deck was checked again');
  assert.equal(engine.verdicts.reused, 3);
  const jobs = engine.listJobs(batch.id).jobs;
  const byPath = new Map(jobs.map((j) => [j.inputPath, j]));
  assert.equal(byPath.get(kept)?.error ?? null, null, 'the verdict shown for the unchanged deck');
  assert.equal(byPath.get(changed)?.state, 'rejected');
  assert.equal(byPath.get(changed)?.error?.code, 'TRUNCATED_ZIP');
  assert.equal(batch.counts.total, 4);
});

test('verdicts that depend on more than the file (missing, open in PowerPoint) are always checked again', async (t) => {
  const w = await makeWorld(t, 2);
  const engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  const owner = join(w.inputs, '~$lecture-1.pptx');
  writeFileSync(owner, Buffer.alloc(162));
  const first = await engine.preflight([w.inputs]);
  assert.equal(first.files.find((f) => f.path === w.decks[0])?.code, 'LOCKED_BY_OFFICE');
  // PowerPoint closed: the deck itself did not change, but its verdict does.
  const { rmSync } = await import('node:fs');
  rmSync(owner);
  const second = await engine.preflight([w.inputs]);
  assert.equal(second.files.find((f) => f.path === w.decks[0])?.code, 'OK');
});
