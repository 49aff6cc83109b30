import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, basename } from 'node:path';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { makeWorld, openEngine, isAlive, debris } from './helpers';
import { FIXTURE_PROCESSORS } from '../fixtures/processors';
import { processStartTime } from '../../src/core/runner';
import { openDatabase, DatabaseFromFutureError } from '../../src/core/db/open';
import { LATEST_VERSION } from '../../src/core/db/migrations';
import { tempDir } from '../helpers/tmp';
import { waitUntil } from '../helpers/wait';
import { verdictFor } from '../../src/core/queue/recovery';
import { ENGINE_DEATH_LIMIT } from '../../src/shared/limits';

/** Make the database look as if a dead engine (pid `deadPid`) was running job `id`. */
function simulateCrash(
  dbFile: string,
  jobId: number,
  deadPid: number,
  extra: { procPid?: number; procStart?: string | null; attempts?: number; procExit?: string | null; engineDeaths?: number } = {},
) {
  const db = new Database(dbFile);
  db.prepare(
    `UPDATE jobs SET state='running', owner_pid=?, owner_host=?, lease_token='dead', lease_expires_at=?, attempts=?, proc_pid=?, proc_start=?,
       proc_exit=?, engine_deaths=? WHERE id=?`,
  ).run(deadPid, hostname(), Date.now() + 60_000, extra.attempts ?? 1, extra.procPid ?? null, extra.procStart ?? null, extra.procExit ?? null, extra.engineDeaths ?? 0, jobId);
  db.prepare("UPDATE batches SET state='active', owner_pid=?, owner_host=?").run(deadPid, hostname());
  db.close();
}

const DEAD_PID = 2 ** 22 + 4321; // above Linux's default pid_max: never a live process

test('start-up recovery: a job left running by a dead engine goes back to pending, its batch is offered for resume, its lock and temp files are cleaned', async (t) => {
  const w = await makeWorld(t, 2);
  let engine = openEngine(w, 'succeed');
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out } });
  const job = engine.listJobs(b.id).jobs[0];
  engine.close();
  simulateCrash(join(w.home, 'altdeck.db'), job.id, DEAD_PID);
  // Debris a killed run leaves: our lock beside the deck, a processor temp file beside the output.
  const lockDir = join(w.inputs, `.~altdeck.${basename(job.inputPath)}.lock`);
  mkdirSync(lockDir);
  writeFileSync(join(lockDir, 'owner.json'), JSON.stringify({ host: hostname(), pid: DEAD_PID, token: 't', app: 'altdeck', createdAt: 0, batchId: b.id, jobId: job.id }));
  mkdirSync(w.out, { recursive: true });
  const db = new Database(join(w.home, 'altdeck.db'));
  db.prepare('UPDATE jobs SET output_path = ? WHERE id = ?').run(join(w.out, 'lecture-1.pptx'), job.id);
  db.close();
  writeFileSync(join(w.out, '.lecture-1.pptx.altdeck-tmp-999'), 'half a deck');

  engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  assert.deepEqual(engine.recovery.requeued, [job.id]);
  assert.deepEqual(engine.recovery.interruptedBatches, [b.id]);
  assert.equal(engine.getBatch(b.id)!.state, 'interrupted');
  assert.deepEqual(engine.interruptedBatches().map((x) => x.id), [b.id]);
  const j = engine.store.getJob(job.id)!;
  assert.equal(j.state, 'pending');
  assert.equal(j.attempts, 0, 'the engine died, not the deck: the attempt is given back');
  assert.equal(engine.store.jobRow(job.id)!.engine_deaths, 1);
  assert.deepEqual(engine.recovery.engineDeaths, [job.id]);
  assert.equal(existsSync(lockDir), false);
  assert.deepEqual(debris(w.out), []);
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.state, 'completed');
  assert.equal(r.counts.succeeded, 2);
});

test('a deck whose processor ended before the engine died handling its result fails with CRASH_LOOP after max attempts, never loops', async (t) => {
  const w = await makeWorld(t, 1);
  let engine = openEngine(w, 'succeed');
  const b = await engine.createBatch({ inputs: w.decks, settings: { outputDir: w.out, maxAttempts: 3 } });
  const job = engine.listJobs(b.id).jobs[0];
  engine.close();
  simulateCrash(join(w.home, 'altdeck.db'), job.id, DEAD_PID, { attempts: 3, procExit: JSON.stringify({ code: null, signal: 'SIGSEGV' }) });
  engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  assert.deepEqual(engine.recovery.crashLooped, [job.id]);
  const j = engine.store.getJob(job.id)!;
  assert.equal(j.state, 'failed');
  assert.equal(j.error?.code, 'CRASH_LOOP');
  assert.match(j.error!.message, /crashed on this deck several times/);
  assert.equal(j.attempts, 3, 'the attempt stays spent');
});

test('with evidence against the deck but attempts left, recovery requeues it with the attempt spent', async (t) => {
  const w = await makeWorld(t, 1);
  let engine = openEngine(w, 'succeed');
  const b = await engine.createBatch({ inputs: w.decks, settings: { outputDir: w.out, maxAttempts: 3 } });
  const job = engine.listJobs(b.id).jobs[0];
  engine.close();
  simulateCrash(join(w.home, 'altdeck.db'), job.id, DEAD_PID, { attempts: 2, procExit: JSON.stringify({ code: 139, signal: null }) });
  engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  assert.deepEqual(engine.recovery.requeued, [job.id]);
  assert.deepEqual(engine.recovery.engineDeaths, []);
  const row = engine.store.jobRow(job.id)!;
  assert.equal(row.state, 'pending');
  assert.equal(row.attempts, 2);
  assert.equal(row.engine_deaths, 0);
  assert.equal(row.proc_exit, null, 'the evidence belongs to that attempt only');
});

test('an engine death on the last attempt, including a deck prepared ahead that never started a processor, does not fail the deck', async (t) => {
  const w = await makeWorld(t, 2);
  let engine = openEngine(w, 'succeed');
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out, maxAttempts: 3 } });
  const [a, prepared] = engine.listJobs(b.id).jobs;
  engine.close();
  const dbFile = join(w.home, 'altdeck.db');
  simulateCrash(dbFile, a.id, DEAD_PID, { attempts: 3, procPid: DEAD_PID + 1, procStart: 'gone', engineDeaths: 7 });
  simulateCrash(dbFile, prepared.id, DEAD_PID, { attempts: 3 });
  engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  assert.deepEqual(engine.recovery.crashLooped, []);
  assert.deepEqual(engine.recovery.engineDeaths.sort(), [a.id, prepared.id].sort());
  for (const [id, deaths] of [
    [a.id, 8],
    [prepared.id, 1],
  ]) {
    const row = engine.store.jobRow(id)!;
    assert.equal(row.state, 'pending');
    assert.equal(row.attempts, 2, 'the attempt is given back');
    assert.equal(row.engine_deaths, deaths);
  }
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.counts.succeeded, 2);
});

test('engine deaths have their own cap: a deck in flight at every one of ENGINE_DEATH_LIMIT deaths fails with ENGINE_CRASH_LOOP', async (t) => {
  const w = await makeWorld(t, 1);
  let engine = openEngine(w, 'succeed');
  const b = await engine.createBatch({ inputs: w.decks, settings: { outputDir: w.out } });
  const job = engine.listJobs(b.id).jobs[0];
  engine.close();
  simulateCrash(join(w.home, 'altdeck.db'), job.id, DEAD_PID, { attempts: 1, engineDeaths: ENGINE_DEATH_LIMIT - 1 });
  engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  const j = engine.store.getJob(job.id)!;
  assert.equal(j.state, 'failed');
  assert.equal(j.error?.code, 'ENGINE_CRASH_LOOP');
  assert.match(j.error!.detail ?? '', new RegExp(`stopped ${ENGINE_DEATH_LIMIT} times`));
  assert.equal(j.attempts, 0);
});

test('verdictFor: only a recorded processor exit charges the deck', () => {
  const base = { attempts: 1, max_attempts: 3, engine_deaths: 0, proc_exit: null };
  assert.deepEqual(verdictFor(base, 20), { cause: 'engine', attempts: 0, engineDeaths: 1, fail: null, detail: null });
  assert.equal(verdictFor({ ...base, attempts: 3 }, 20).fail, null);
  assert.equal(verdictFor({ ...base, engine_deaths: 19 }, 20).fail, 'ENGINE_CRASH_LOOP');
  assert.equal(verdictFor({ ...base, attempts: 0 }, 20).attempts, 0, 'never below zero');
  const deck = verdictFor({ ...base, proc_exit: '{"code":139,"signal":null}' }, 20);
  assert.deepEqual([deck.cause, deck.attempts, deck.engineDeaths, deck.fail], ['deck', 1, 0, null]);
  assert.equal(verdictFor({ ...base, attempts: 3, proc_exit: '{}' }, 20).fail, 'CRASH_LOOP');
  assert.equal(verdictFor({ ...base, attempts: 3, proc_exit: '{"code":null,"signal":"SIGSEGV"}' }, 20).fail, 'CRASH_LOOP');
  // A processor that answered by the contract (done, bad input, try later) did not crash: a kill
  // between its exit and the commit is the engine's death, whatever attempt the deck is on.
  for (const code of [0, 65, 75]) {
    const v = verdictFor({ ...base, attempts: 3, proc_exit: JSON.stringify({ code, signal: null }) }, 20);
    assert.deepEqual([v.cause, v.attempts, v.engineDeaths, v.fail], ['engine', 2, 1, null], `exit ${code}`);
  }
});

test('an orphaned processor (its engine died) is found by its recorded pid and stopped before the job runs again', async (t) => {
  const w = await makeWorld(t, 1);
  let engine = openEngine(w, 'succeed');
  const b = await engine.createBatch({ inputs: w.decks, settings: { outputDir: w.out } });
  const job = engine.listJobs(b.id).jobs[0];
  engine.close();
  const orphan = spawn(process.execPath, [FIXTURE_PROCESSORS.hang], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  orphan.unref();
  const pid = orphan.pid!;
  t.after(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {}
  });
  // Running its own code (its first progress line), as a processor left behind by a dead engine is.
  await once(orphan.stdout!, 'data');
  orphan.stdout!.destroy();
  simulateCrash(join(w.home, 'altdeck.db'), job.id, DEAD_PID, { procPid: pid, procStart: processStartTime(pid) });
  assert.equal(isAlive(pid), true);
  engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  assert.deepEqual(engine.recovery.orphansStopped, [pid]);
  await waitUntil('the orphan to die', () => !isAlive(pid));
});

test('a reused pid (different start time) is not killed by recovery', async (t) => {
  const w = await makeWorld(t, 1);
  let engine = openEngine(w, 'succeed');
  const b = await engine.createBatch({ inputs: w.decks, settings: { outputDir: w.out } });
  const job = engine.listJobs(b.id).jobs[0];
  engine.close();
  const bystander = spawn(process.execPath, [FIXTURE_PROCESSORS.hang], { detached: true, stdio: 'ignore' });
  bystander.unref();
  t.after(() => {
    try {
      process.kill(-bystander.pid!, 'SIGKILL');
    } catch {}
  });
  simulateCrash(join(w.home, 'altdeck.db'), job.id, DEAD_PID, { procPid: bystander.pid!, procStart: 'some other process start' });
  engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  assert.deepEqual(engine.recovery.orphansStopped, []);
  assert.equal(isAlive(bystander.pid!), true);
});

test('a live engine’s running jobs are left alone by a second engine on the same database', async (t) => {
  const w = await makeWorld(t, 1);
  let engine = openEngine(w, 'succeed');
  const b = await engine.createBatch({ inputs: w.decks, settings: { outputDir: w.out } });
  const job = engine.listJobs(b.id).jobs[0];
  engine.close();
  simulateCrash(join(w.home, 'altdeck.db'), job.id, process.ppid); // the test runner: alive
  engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  assert.deepEqual(engine.recovery.requeued, []);
  assert.equal(engine.store.getJob(job.id)!.state, 'running');
  // And a stale runner's lease token can no longer finish it.
  assert.equal(engine.store.finish(job.id, 'not-the-token', { state: 'succeeded' }), false);
});

test('the database is versioned: a file from a newer AltDeck is refused with a clear message and left unchanged', (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'altdeck.db');
  openDatabase(file).close();
  const raw = new Database(file);
  assert.equal(raw.pragma('user_version', { simple: true }), LATEST_VERSION);
  assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
  raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
  raw.close();
  assert.throws(
    () => openDatabase(file),
    (e: unknown) => e instanceof DatabaseFromFutureError && /newer version of AltDeck/.test(e.message) && /Update AltDeck/.test(e.message),
  );
  const again = new Database(file);
  assert.equal(again.pragma('user_version', { simple: true }), LATEST_VERSION + 1);
  again.close();
});

test('tables are STRICT: a wrong type is refused by SQLite itself', (t) => {
  const db = openDatabase(join(tempDir(t), 'q.db'));
  t.after(() => db.close());
  assert.throws(() => db.prepare("INSERT INTO batches (id, created_at, state, settings) VALUES ('x', 'yesterday', 'active', '{}')").run(), /cannot store TEXT value in INTEGER column/);
  assert.throws(() => db.prepare("INSERT INTO batches (id, created_at, state, settings) VALUES ('x', 1, 'dancing', '{}')").run(), /CHECK constraint failed/);
});

test('the database can load better-sqlite3 from an explicit native binding (how Electron from a checkout uses its own build)', (t) => {
  const dir = tempDir(t);
  const binding = require.resolve('better-sqlite3/build/Release/better_sqlite3.node');
  const db = openDatabase(join(dir, 'q.db'), { nativeBinding: binding });
  assert.equal(db.pragma('user_version', { simple: true }), LATEST_VERSION);
  db.close();
  assert.throws(() => openDatabase(join(dir, 'r.db'), { nativeBinding: join(dir, 'missing.node') }));
});
