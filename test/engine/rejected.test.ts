/**
 * Issue 8 §1: files the check refuses are `rejected`, not failures. A share with
 * more bad files than good ones runs to the end at default settings; progress, ETA
 * and Retry failed ignore rejects; the threshold still stops real failures.
 * Issue 8 §9: processing time counts every run of a batch, also after a forced stop.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorld, openEngine, type World } from './helpers';
import { buildCfb } from '../preflight/cfb-builder';
import { buildZip } from '../preflight/zip-builder';
import { buildSummary, exitCodeFor } from '../../src/cli/summary';
import { progressLine } from '../../src/cli/progress-line';
import { finishedWork, workTotal } from '../../src/shared/types';
import { openDatabase } from '../../src/core/db/open';
import type { NewJob } from '../../src/core/queue/store';
import { preflightFile } from '../../src/core/preflight';
import { resolveSettings, settingsKey } from '../../src/core/settings';

/** Six kinds of file the check refuses, as found on real shares. */
function writeBrokenFiles(w: World): Record<string, string> {
  const good = readFileSync(w.decks[0]);
  const files: Record<string, [Buffer | string, string]> = {
    'not-a-zip.pptx': ['this is not a zip', 'NOT_ZIP'],
    'empty.pptx': ['', 'EMPTY_FILE'],
    'cut-short.pptx': [good.subarray(0, Math.floor(good.length / 2)), 'TRUNCATED_ZIP'],
    'protected.pptx': [buildCfb({ entries: ['EncryptionInfo', 'EncryptedPackage', { storage: '\u0006DataSpaces' }] }), 'ENCRYPTED'],
    'old.ppt': [buildCfb({ entries: ['PowerPoint Document'] }), 'LEGACY_PPT'],
    'just-a-zip.pptx': [buildZip([{ name: 'readme.txt', data: 'hello' }]), 'NOT_PPTX'],
  };
  const codes: Record<string, string> = {};
  for (const [name, [bytes, code]] of Object.entries(files)) {
    writeFileSync(join(w.inputs, name), bytes);
    codes[join(w.inputs, name)] = code;
  }
  return codes;
}

test('6 broken files and 3 good decks at default settings: no threshold stop, the good decks are processed, rejects keep their code', async (t) => {
  const w = await makeWorld(t, 3);
  const codes = writeBrokenFiles(w);
  const engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  // Default settings: error threshold 0.5, which 6 of 9 "failed" used to exceed at once.
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out } });
  assert.equal(b.settings.errorThreshold, 0.5);
  assert.deepEqual({ rejected: b.counts.rejected, pending: b.counts.pending, failed: b.counts.failed }, { rejected: 6, pending: 3, failed: 0 });

  const before = engine.getProgress(b.id);
  assert.equal(before.unitsDone, 0, 'rejects are not finished work');
  assert.equal(finishedWork(before.counts), 0);
  assert.equal(workTotal(before.counts), 3);
  assert.match(progressLine(before), /^0\/3 decks done/);

  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.state, 'completed', r.reason ?? '');
  assert.equal(r.reason, null);
  assert.equal(r.counts.succeeded, 3);
  assert.equal(r.counts.rejected, 6);
  assert.equal(r.counts.failed, 0);
  for (const j of engine.listJobs(b.id).jobs.filter((x) => x.state === 'rejected')) {
    assert.equal(j.error?.code, codes[j.inputPath], j.inputPath);
    assert.ok(j.error?.message, 'a sentence for the coordinator');
    assert.equal(j.attempts, 0);
    assert.deepEqual(engine.store.events(j.id).map((e) => e.to_state), ['rejected'], 'never claimed');
  }
  const after = engine.getProgress(b.id);
  assert.equal(after.unitsDone, after.unitsTotal, '100% when every deck to process is done');
  assert.match(progressLine(after), /^3\/3 decks done/);

  // Retry failed leaves rejects alone.
  assert.equal(await engine.retryFailed(b.id), 0);
  assert.equal(engine.getBatch(b.id)!.counts.rejected, 6);
  // Exit code: rejects are reported (1), the batch is finished (not 4).
  assert.equal(exitCodeFor(buildSummary(r, engine.listJobs(b.id).jobs, r.activeMs)), 1);
});

test('the threshold still stops decks a processor failed on, counting only decks it tried', async (t) => {
  const w = await makeWorld(t, 6);
  writeBrokenFiles(w);
  const engine = openEngine(w, 'fail-65');
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out } });
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.state, 'aborted');
  assert.ok(r.counts.failed >= 5 && r.counts.failed <= 6, `failed ${r.counts.failed}`);
  // The sentence counts tried decks only: "5 of 5", never "11 of 11".
  const m = /Stopped: (\d+) of (\d+) finished decks failed/.exec(r.reason ?? '');
  assert.ok(m && m[1] === m[2] && Number(m[2]) >= 5 && Number(m[2]) <= 6, r.reason ?? '');
  assert.equal(exitCodeFor(buildSummary(r, engine.listJobs(b.id).jobs, r.activeMs)), 3);
});

test('retry by error code: only failed decks with that code go back; rejects never', async (t) => {
  const w = await makeWorld(t, 2);
  writeBrokenFiles(w);
  let engine = openEngine(w, 'fail-65');
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out, errorThreshold: 0 } });
  await engine.start(b.id);
  await engine.waitForBatch(b.id);
  // One of the failures becomes a timeout, as if that deck had hung.
  const [first] = engine.listJobs(b.id, { state: 'failed' }).jobs;
  engine.store.db.prepare("UPDATE jobs SET error_code = 'PROCESSOR_TIMEOUT' WHERE id = ?").run(first.id);
  engine.close();
  engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  assert.equal(await engine.retryFailed(b.id, 'PROCESSOR_TIMEOUT'), 1);
  assert.equal(engine.store.getJob(first.id)!.state, 'pending');
  assert.equal(engine.getBatch(b.id)!.counts.failed, 1, 'the other failure waits');
  const ev = engine.store.batchEvents(b.id).at(-1)!;
  assert.deepEqual(ev, { at: ev.at, kind: 'retry-failed', details: { code: 'PROCESSOR_TIMEOUT', requeued: 1 } });
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.counts.succeeded, 1);
  assert.equal(r.counts.failed, 1);
  assert.equal(r.counts.rejected, 6);
});

test('resume with changed settings: validated, stored in the batch, recorded as a batch event; max attempts reach the decks still to do', async (t) => {
  const w = await makeWorld(t, 3);
  const engine = openEngine(w, 'succeed', { minFreeBytes: Number.MAX_SAFE_INTEGER });
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out } });
  await engine.start(b.id);
  const paused = await engine.waitForBatch(b.id);
  assert.equal(paused.state, 'paused', 'low disk pauses');
  assert.equal(exitCodeFor(buildSummary(paused, engine.listJobs(b.id).jobs, paused.activeMs)), 4, 'paused for low disk: exit 4');

  assert.throws(() => engine.changeSettings(b.id, { workers: 0 }), /workers/);
  assert.throws(() => engine.changeSettings(b.id, { errorThreshold: 2 }), /errorThreshold/);
  assert.throws(() => engine.changeSettings(b.id, { altPolicy: 'overwrite' } as never), /Only errorThreshold, maxAttempts, workers, timeoutSec, graceSec/);
  assert.deepEqual(engine.store.batchEvents(b.id), [], 'refused changes leave no trace');

  const changed = engine.changeSettings(b.id, { workers: 2, maxAttempts: 5, errorThreshold: 0.5, timeoutSec: 60, graceSec: 2 }, 'test');
  assert.deepEqual(changed, { from: { workers: 1, maxAttempts: 3, timeoutSec: 300, graceSec: 10 }, to: { workers: 2, maxAttempts: 5, timeoutSec: 60, graceSec: 2 } });
  const s = engine.getBatch(b.id)!.settings;
  assert.deepEqual([s.workers, s.maxAttempts, s.errorThreshold, s.timeoutSec, s.graceSec], [2, 5, 0.5, 60, 2]);
  assert.ok(engine.listJobs(b.id).jobs.every((j) => j.maxAttempts === 5));
  const events = engine.store.batchEvents(b.id);
  assert.equal(events.length, 1);
  assert.deepEqual(events[0].details, { origin: 'test', ...changed });
});

// The forced stop (second Ctrl+C) is proven with real signals in test/cli/resume-retry.test.ts.
test('processing time counts every run: live progress, a stop, a resume', async (t) => {
  const w = await makeWorld(t, 3);
  process.env.ALTDECK_TEST_STEP_MS = '50';
  process.env.ALTDECK_TEST_STEPS = '200';
  t.after(() => {
    delete process.env.ALTDECK_TEST_STEP_MS;
    delete process.env.ALTDECK_TEST_STEPS;
  });
  let engine = openEngine(w, 'slow');
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out } });
  // Earlier runs of this batch took ten hours of processing time.
  const EARLIER = 10 * 3600_000;
  engine.store.db.prepare('UPDATE batches SET active_ms = ? WHERE id = ?').run(EARLIER, b.id);
  await engine.start(b.id);
  assert.ok(engine.getProgress(b.id).activeMs >= EARLIER, 'live progress shows the whole batch');
  const deadline = Date.now() + 30_000;
  while (!engine.getProgress(b.id).running.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(engine.getProgress(b.id).running.length, 'a deck is running');
  assert.throws(() => engine.changeSettings(b.id, { workers: 2 }), /is running; its settings can change once it is paused/);
  await engine.stop(b.id);
  engine.close();
  engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  const stopped = engine.getBatch(b.id)!;
  assert.equal(stopped.state, 'paused');
  assert.ok(stopped.activeMs >= EARLIER, `the stop kept the earlier runs' time (${stopped.activeMs})`);

  await engine.start(b.id);
  const done = await engine.waitForBatch(b.id);
  assert.equal(done.state, 'completed');
  assert.ok(done.activeMs > stopped.activeMs, 'the last run adds to the total');
  assert.ok(engine.getProgress(b.id).activeMs === done.activeMs);
  assert.equal(buildSummary(done, engine.listJobs(b.id).jobs, done.activeMs).durationMs, done.activeMs);
});

test('a queue from before the rejected state, stopped by the threshold because of its bad files, resumes to the end after the update', async (t) => {
  const w = await makeWorld(t, 3);
  const broken = Object.keys(writeBrokenFiles(w));
  // What the previous AltDeck wrote (schema 3): the 6 rejects as failed with attempts 0, the batch aborted by the threshold.
  const old = openDatabase(join(w.home, 'altdeck.db'), { latestVersion: 3 });
  const settings = resolveSettings({}, { outputDir: w.out, inputRoot: w.inputs });
  const files = [...w.decks, ...broken];
  const jobs = await Promise.all(
    files.map(async (f) => {
      const p = await preflightFile(f);
      const base = { inputPath: f, relPath: f.slice(w.inputs.length + 1), preflight: p, workUnits: 1 };
      return p.ok
        ? { ...base, state: 'pending' as const, fingerprint: { size: p.size, mtimeMs: p.mtimeMs } }
        : { ...base, state: 'failed' as const, error: { code: p.code, message: p.message } };
    }),
  );
  const id = '20261101_090000_0badf11e';
  // Written with SQL as schema 3 had it (today's store speaks today's schema).
  old.transaction(() => {
    old.prepare("INSERT INTO batches (id, created_at, state, settings, reason) VALUES (?, 1, 'aborted', ?, ?)").run(id, JSON.stringify(settings), 'Stopped: 6 of 6 finished decks failed, more than the error threshold (50%).');
    const ins = old.prepare(
      `INSERT INTO jobs (batch_id, seq, input_path, rel_path, fp_size, fp_mtime_ms, settings_key, state, max_attempts, work_units, preflight, error_code, error_message, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1)`,
    );
    jobs.forEach((j: NewJob, seq) =>
      ins.run(id, seq, j.inputPath, j.relPath, j.fingerprint?.size ?? null, j.fingerprint?.mtimeMs ?? null, settingsKey(settings), j.state, settings.maxAttempts, j.workUnits, JSON.stringify(j.preflight), j.error?.code ?? null, j.error?.message ?? null),
    );
  })();
  old.close();

  const engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  const before = engine.getBatch(id)!;
  assert.deepEqual([before.counts.rejected, before.counts.failed, before.counts.pending], [6, 0, 3]);
  assert.equal(engine.latestUnfinished()?.id, id, '--resume finds it');
  await engine.start(id);
  const r = await engine.waitForBatch(id);
  assert.equal(r.state, 'completed', r.reason ?? '');
  assert.equal(r.counts.succeeded, 3);
});
