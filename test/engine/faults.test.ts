/** Faults inside the engine's own process (issue 8 §5): listeners, timers, the output folder. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { collect, makeWorld, openEngine } from './helpers';

test('an event listener that throws on every event breaks nothing: the batch completes', async (t) => {
  const w = await makeWorld(t, 3);
  const engine = openEngine(w, 'succeed', { progressIntervalMs: 5 });
  t.after(() => engine.close());
  engine.on('event', () => {
    throw new Error('a broken UI');
  });
  const events = collect(engine);
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out } });
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.state, 'completed');
  assert.equal(r.counts.succeeded, 3);
  assert.ok(events.some((e) => e.type === 'batch-progress'), 'later listeners still hear progress');
});

test('an output folder that vanished after decks were written there (a disconnected share) pauses the batch before any deck; it is not recreated', async (t) => {
  const w = await makeWorld(t, 2);
  const engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out } });
  const [first] = engine.listJobs(b.id).jobs;
  // One deck already done in an earlier run.
  const db = new Database(join(w.home, 'altdeck.db'));
  db.prepare("UPDATE jobs SET state = 'succeeded', output_path = ? WHERE id = ?").run(join(w.out, 'lecture-1.pptx'), first.id);
  db.close();
  rmSync(w.out, { recursive: true, force: true });
  const events = collect(engine);
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.state, 'paused');
  assert.match(r.reason ?? '', /cannot write to the output folder.*no longer exists/s);
  assert.equal(r.counts.pending, 1);
  assert.equal(engine.listJobs(b.id).jobs[1].attempts, 0, 'no deck tried');
  assert.ok(events.some((e) => e.type === 'notice' && e.code === 'OUTPUT_NOT_WRITABLE'));
});

test('the free-space floor is a batch setting (--min-free, Settings): too high pauses with LOW_DISK before any deck, a low one lets the batch run', async (t) => {
  const w = await makeWorld(t, 2);
  // No engine-wide override here: the batch's own setting decides.
  const engine = openEngine(w, 'succeed', { minFreeBytes: undefined });
  t.after(() => engine.close());
  const high = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out, minFreeBytes: Number.MAX_SAFE_INTEGER } });
  await engine.start(high.id);
  const paused = await engine.waitForBatch(high.id);
  assert.equal(paused.state, 'paused');
  assert.match(paused.reason ?? '', /nearly full/);
  assert.equal(paused.counts.succeeded, 0);
  const low = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: join(w.root, 'out2'), minFreeBytes: 0 } });
  await engine.start(low.id);
  assert.equal((await engine.waitForBatch(low.id)).counts.succeeded, 2);
});
