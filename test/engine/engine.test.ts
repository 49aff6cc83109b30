import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, mkdirSync, utimesSync } from 'node:fs';
import { join, basename } from 'node:path';
import { hostname } from 'node:os';
import { makeWorld, openEngine, collect, debris, isAlive } from './helpers';
import { validateOutput } from '../../src/core/runner';
import { waitUntil } from '../helpers/wait';

test('a batch of generated decks: outputs written in the input layout, bad file rejected, originals untouched, nothing left behind', async (t) => {
  const w = await makeWorld(t, 4, { nested: true });
  writeFileSync(join(w.inputs, 'broken.pptx'), 'this is not a zip');
  const engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  const events = collect(engine);
  const batch = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out, workers: 2 } });
  assert.equal(batch.counts.total, 5);
  assert.equal(batch.counts.pending, 4);
  assert.equal(batch.counts.rejected, 1);
  assert.equal(batch.counts.failed, 0);
  await engine.start(batch.id);
  const done = await engine.waitForBatch(batch.id);
  assert.equal(done.state, 'completed');
  assert.equal(done.counts.succeeded, 4);
  const jobs = engine.listJobs(batch.id).jobs;
  const broken = jobs.find((j) => j.inputPath.endsWith('broken.pptx'))!;
  assert.equal(broken.state, 'rejected');
  assert.equal(broken.attempts, 0);
  assert.equal(broken.error?.code, 'NOT_ZIP');
  for (const j of jobs.filter((j) => j.state === 'succeeded')) {
    assert.equal(j.outputPath, join(w.out, j.relPath));
    assert.ok((await validateOutput(j.outputPath!)).ok);
    assert.equal(j.attempts, 1);
  }
  assert.ok(existsSync(join(w.out, 'week2', 'lecture-2.pptx')), 'nested layout kept');
  for (const [p, bytes] of w.snapshot) assert.deepEqual(readFileSync(p), bytes, `original ${p} unchanged`);
  assert.deepEqual(debris(w.inputs), []);
  assert.deepEqual(debris(w.out), []);
  // Every transition is in the event log: pending -> running -> succeeded.
  const ok = jobs.find((j) => j.state === 'succeeded')!;
  assert.deepEqual(engine.store.events(ok.id).map((e) => e.to_state), ['pending', 'running', 'succeeded']);
  assert.ok(events.some((e) => e.type === 'batch-progress'));
  assert.ok(events.some((e) => e.type === 'job-state' && e.job.state === 'running'));
});

test('an identical input done with the same settings is skipped; --force processes it again; clashing output gets a new name', async (t) => {
  const w = await makeWorld(t, 1);
  const engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  const b1 = await engine.createBatch({ inputs: w.decks, settings: { outputDir: w.out } });
  await engine.start(b1.id);
  await engine.waitForBatch(b1.id);
  const b2 = await engine.createBatch({ inputs: w.decks, settings: { outputDir: w.out } });
  await engine.start(b2.id);
  const r2 = await engine.waitForBatch(b2.id);
  assert.equal(r2.counts.skipped, 1);
  assert.equal(engine.listJobs(b2.id).jobs[0].error?.code, 'ALREADY_DONE');
  const b3 = await engine.createBatch({ inputs: w.decks, settings: { outputDir: w.out, force: true } });
  await engine.start(b3.id);
  const r3 = await engine.waitForBatch(b3.id);
  assert.equal(r3.counts.succeeded, 1);
  const out3 = engine.listJobs(b3.id).jobs[0].outputPath!;
  assert.equal(basename(out3), 'lecture-1 (2).pptx', 'never overwrites an existing output silently');
});

test('processor failures end in the right state: 65 fails at once, 75 is retried then fails, crash by signal is retried', async (t) => {
  for (const [fixture, code, attempts] of [
    ['fail-65', 'PROCESSOR_FAILED', 1],
    ['fail-75', 'PROCESSOR_FAILED', 3],
    ['die-by-signal', 'PROCESSOR_CRASHED', 3],
    ['bad-output', 'OUTPUT_INVALID', 1],
    ['no-output', 'OUTPUT_MISSING', 1],
  ] as const) {
    const w = await makeWorld(t, 1);
    const engine = openEngine(w, fixture);
    const b = await engine.createBatch({ inputs: w.decks, settings: { outputDir: w.out, maxAttempts: 3 } });
    await engine.start(b.id);
    const r = await engine.waitForBatch(b.id);
    const job = engine.listJobs(b.id).jobs[0];
    assert.equal(job.state, 'failed', fixture);
    assert.equal(job.error?.code, code, fixture);
    assert.equal(job.attempts, attempts, `${fixture} attempts`);
    assert.equal(r.state, 'completed');
    assert.ok(!existsSync(join(w.out, 'lecture-1.pptx')), `${fixture}: no invalid output left`);
    assert.deepEqual(debris(w.inputs), []);
    engine.close();
  }
});

test('a hanging processor is stopped at the time limit (SIGTERM, grace, SIGKILL) and fails with PROCESSOR_TIMEOUT', async (t) => {
  const w = await makeWorld(t, 1);
  const engine = openEngine(w, 'ignore-sigterm');
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: w.decks, settings: { outputDir: w.out, maxAttempts: 1, timeoutSec: 0.5, graceSec: 0.3 } });
  await engine.start(b.id);
  await engine.waitForBatch(b.id);
  const job = engine.listJobs(b.id).jobs[0];
  assert.equal(job.error?.code, 'PROCESSOR_TIMEOUT');
  const pids = engine.store.db.prepare("SELECT details FROM job_events WHERE job_id = ? AND to_state = 'running'").all(job.id);
  assert.equal(pids.length, 1);
});

test('the error threshold stops the batch after 5 finished decks', async (t) => {
  const w = await makeWorld(t, 8);
  const engine = openEngine(w, 'fail-65');
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out, errorThreshold: 0.5 } });
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.state, 'aborted');
  assert.match(r.reason ?? '', /error threshold/);
  // The deck prepared while the fifth ran may already have started: at most one more.
  assert.ok(r.counts.failed >= 5 && r.counts.failed <= 6, `failed ${r.counts.failed}`);
  assert.equal(r.counts.pending, 8 - r.counts.failed);
});

test('stop returns running decks to pending without spending an attempt; no processor survives; resume finishes', async (t) => {
  const w = await makeWorld(t, 3);
  process.env.ALTDECK_TEST_STEP_MS = '300';
  t.after(() => delete process.env.ALTDECK_TEST_STEP_MS);
  const engine = openEngine(w, 'slow');
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out, workers: 2 } });
  await engine.start(b.id);
  // Wait until both workers have a processor running.
  const pids = await waitUntil('two processors running', () => {
    const now = (engine.store.db.prepare("SELECT proc_pid FROM jobs WHERE state = 'running' AND proc_pid IS NOT NULL").all() as Array<{ proc_pid: number }>).map((r) => r.proc_pid);
    return now.length === 2 ? now : null;
  });
  await engine.stop(b.id);
  const stopped = engine.getBatch(b.id)!;
  assert.equal(stopped.state, 'paused');
  assert.equal(stopped.counts.pending, 3, JSON.stringify(engine.listJobs(b.id).jobs.map((j) => [j.state, j.error, j.attempts])));
  for (const j of engine.listJobs(b.id).jobs) assert.equal(j.attempts, 0, 'attempt given back');
  for (const pid of pids) assert.equal(isAlive(pid), false, `processor ${pid} stopped`);
  assert.deepEqual(debris(w.inputs), []);
  assert.deepEqual(debris(w.out), []);
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.counts.succeeded, 3);
});

test('pause finishes the decks in flight and claims no more', async (t) => {
  const w = await makeWorld(t, 3);
  process.env.ALTDECK_TEST_STEP_MS = '50';
  t.after(() => delete process.env.ALTDECK_TEST_STEP_MS);
  const engine = openEngine(w, 'slow');
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out, workers: 1 } });
  await engine.start(b.id);
  await waitUntil('a processor running', () => engine.store.db.prepare("SELECT 1 FROM jobs WHERE state = 'running' AND proc_pid IS NOT NULL").get());
  await engine.pause(b.id);
  const p = engine.getBatch(b.id)!;
  assert.equal(p.state, 'paused');
  assert.equal(p.counts.succeeded, 1);
  assert.equal(p.counts.pending, 2);
  await engine.cancel(b.id);
  const c = engine.getBatch(b.id)!;
  assert.equal(c.state, 'aborted');
  assert.equal(c.counts.cancelled, 2);
});

test('a deck locked by another AltDeck or open in PowerPoint waits and is retried later in the batch', async (t) => {
  const w = await makeWorld(t, 2);
  const [a, b] = w.decks;
  // Another machine's AltDeck holds deck a (fresh heartbeat).
  const lockDir = join(w.inputs, `.~altdeck.${basename(a)}.lock`);
  mkdirSync(lockDir);
  writeFileSync(join(lockDir, 'owner.json'), JSON.stringify({ host: 'other-pc', pid: 4242, token: 'x', app: 'altdeck', createdAt: Date.now(), batchId: null, jobId: null }));
  // PowerPoint has deck b open (owner file written by Office: name length + name).
  const owner = join(w.inputs, `~$${basename(b)}`);
  const ownerBytes = Buffer.alloc(162);
  ownerBytes[0] = 5;
  ownerBytes.write('Alice', 1, 'latin1');
  writeFileSync(owner, ownerBytes);
  const engine = openEngine(w, 'succeed', { lockRetryMs: 100 });
  t.after(() => engine.close());
  const batch = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out } });
  const jb = engine.listJobs(batch.id).jobs.find((j) => j.inputPath === b)!;
  assert.equal(jb.state, 'retrying');
  assert.equal(jb.error?.code, 'LOCKED_BY_OFFICE');
  await engine.start(batch.id);
  // Let both wait a few rounds (events, not a fixed time: a loaded machine may take longer), then the owners let go.
  const waits = (path: string, code: string) => {
    const j = engine.listJobs(batch.id).jobs.find((x) => x.inputPath === path)!;
    return engine.store.events(j.id).filter((e) => e.to_state === 'retrying' && (e.details ?? '').includes(code)).length;
  };
  await waitUntil('deck a to wait twice for the other AltDeck', () => waits(a, 'LOCKED_BY_OTHER') >= 2);
  await waitUntil('deck b to wait twice for PowerPoint', () => waits(b, 'LOCKED_BY_OFFICE') >= 2);
  const ja = engine.listJobs(batch.id).jobs.find((j) => j.inputPath === a)!;
  assert.equal(ja.state, 'retrying');
  assert.equal(ja.error?.code, 'LOCKED_BY_OTHER');
  assert.equal(ja.attempts, 0, 'waiting for a lock spends no attempt');
  require('node:fs').rmSync(lockDir, { recursive: true });
  require('node:fs').rmSync(owner);
  const r = await engine.waitForBatch(batch.id);
  assert.equal(r.counts.succeeded, 2);
  assert.deepEqual(debris(w.inputs), []);
});

test('a stale lock (dead owner on this host) is taken over', async (t) => {
  const w = await makeWorld(t, 1);
  const lockDir = join(w.inputs, `.~altdeck.${basename(w.decks[0])}.lock`);
  mkdirSync(lockDir);
  writeFileSync(join(lockDir, 'owner.json'), JSON.stringify({ host: hostname(), pid: 2 ** 22 + 12345, token: 'dead', app: 'altdeck', createdAt: 0, batchId: null, jobId: null }));
  const engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: w.decks, settings: { outputDir: w.out } });
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.counts.succeeded, 1);
  assert.deepEqual(debris(w.inputs), []);
});

test('a deck changed after preflight is checked again; a deck that became bad is rejected with its code, its attempt given back', async (t) => {
  const w = await makeWorld(t, 2);
  const engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out } });
  writeFileSync(w.decks[1], 'overwritten by a careless copy');
  const later = new Date(Date.now() + 5000);
  utimesSync(w.decks[1], later, later);
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.counts.succeeded, 1);
  const bad = engine.listJobs(b.id).jobs.find((j) => j.inputPath === w.decks[1])!;
  assert.equal(bad.state, 'rejected');
  assert.equal(bad.attempts, 0);
  assert.equal(bad.error?.code, 'NOT_ZIP');
  assert.match(bad.error?.detail ?? '', /changed after it was checked/);
});

test('dry run writes nothing but the batch record: accepted decks carry their audit', async (t) => {
  const w = await makeWorld(t, 2);
  const engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out, dryRun: true } });
  assert.equal(b.state, 'completed');
  assert.equal(b.counts.skipped, 2);
  assert.ok(!existsSync(w.out));
  const j = engine.listJobs(b.id).jobs[0];
  assert.ok(j.preflight?.ok && j.preflight.audit.pictures >= 1);
  await assert.rejects(engine.start(b.id), /dry run/);
});

test('retryFailed puts failed decks back with fresh attempts', async (t) => {
  const w = await makeWorld(t, 1);
  let engine = openEngine(w, 'fail-65');
  const b = await engine.createBatch({ inputs: w.decks, settings: { outputDir: w.out } });
  await engine.start(b.id);
  await engine.waitForBatch(b.id);
  engine.close();
  engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  assert.equal(await engine.retryFailed(b.id), 1);
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.counts.succeeded, 1);
});

test('low disk space on the output volume pauses the batch with LOW_DISK instead of failing decks', async (t) => {
  const w = await makeWorld(t, 2);
  const engine = openEngine(w, 'succeed', { minFreeBytes: Number.MAX_SAFE_INTEGER });
  t.after(() => engine.close());
  const events = collect(engine);
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out } });
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.state, 'paused');
  assert.match(r.reason ?? '', /nearly full/);
  assert.equal(r.counts.pending, 2);
  assert.equal(r.counts.failed, 0);
  assert.ok(events.some((e) => e.type === 'notice' && e.code === 'LOW_DISK'));
  assert.ok(engine.listJobs(b.id).jobs.every((j) => j.attempts === 0));
});

test('never more processors alive than workers, even while finished decks are still being validated', async (t) => {
  const w = await makeWorld(t, 6);
  process.env.ALTDECK_TEST_STEP_MS = '20';
  process.env.ALTDECK_TEST_STEPS = '5';
  t.after(() => {
    delete process.env.ALTDECK_TEST_STEP_MS;
    delete process.env.ALTDECK_TEST_STEPS;
  });
  const engine = openEngine(w, 'slow');
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out, workers: 2 } });
  await engine.start(b.id);
  let maxAlive = 0;
  const seen = new Set<number>();
  const done = engine.waitForBatch(b.id);
  let finished = false;
  void done.then(() => (finished = true));
  while (!finished) {
    const pids = (engine.store.db.prepare('SELECT proc_pid FROM jobs WHERE proc_pid IS NOT NULL').all() as Array<{ proc_pid: number }>).map((r) => r.proc_pid);
    pids.forEach((p) => seen.add(p));
    maxAlive = Math.max(maxAlive, pids.filter(isAlive).length);
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal((await done).counts.succeeded, 6);
  assert.ok(maxAlive <= 2, `at most 2 processors at once (saw ${maxAlive})`);
  assert.ok(seen.size >= 2);
});

test('a retry claimed while the previous attempt is still settling is not lost (clock racing past the backoff)', async (t) => {
  const w = await makeWorld(t, 1);
  // Each reading of the clock jumps a second: the retry's backoff has always
  // passed by the time the loop looks again, as on a machine stalled by I/O.
  let skew = 0;
  const engine = openEngine(w, 'fail-75', { now: () => Date.now() + (skew += 1000) });
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: w.decks, settings: { outputDir: w.out, maxAttempts: 3 } });
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  const job = engine.listJobs(b.id).jobs[0];
  assert.equal(job.state, 'failed');
  assert.equal(job.attempts, 3);
  assert.equal(r.state, 'completed');
});
