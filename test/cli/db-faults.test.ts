/**
 * A busy, full or broken database never crashes the engine (issue 8 §5): the real
 * CLI against a second SQLite connection holding BEGIN EXCLUSIVE, a size-limited
 * tmpfs as its home, damaged and read-only queue files, a read-only output folder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { makeWorld, debris, isAlive } from '../engine/helpers';
import { fixtureCommandLine } from '../fixtures/processors';
import { REPO_ROOT } from '../helpers/corpus';
import { mountTmpfs, remount } from '../helpers/mounts';
import { runCli, startCli } from './run-cli';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function runningPids(dbFile: string): number[] {
  if (!existsSync(dbFile)) return [];
  try {
    const d = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      return (d.prepare("SELECT proc_pid FROM jobs WHERE state='running' AND proc_pid IS NOT NULL").all() as Array<{ proc_pid: number }>).map((r) => r.proc_pid);
    } finally {
      d.close();
    }
  } catch {
    return [];
  }
}

async function waitFor(what: string, cond: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Another process holding the queue's write lock (BEGIN EXCLUSIVE) until `holdMs` pass or it is killed. */
function holdLock(dbFile: string, holdMs: number): { locked: Promise<void>; released: Promise<number>; kill(): void } {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(dbFile)});
    db.exec('BEGIN EXCLUSIVE');
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); process.stdout.write('released\\n'); process.exit(0); }, ${holdMs});`;
  const child = spawn(process.execPath, ['-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let releasedAt = 0;
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('locked')) resolve();
      if (out.includes('released')) releasedAt = Date.now();
    });
    child.on('exit', () => reject(new Error('the lock holder exited before locking')));
  });
  const released = new Promise<number>((resolve) => child.on('exit', () => resolve(releasedAt || Date.now())));
  return { locked, released, kill: () => child.kill('SIGKILL') };
}

const SLOW = { ALTDECK_TEST_STEP_MS: '100', ALTDECK_TEST_STEPS: '8' };

test('a second connection holding BEGIN EXCLUSIVE for 12 s while the CLI runs a batch: the CLI waits and finishes, every deck succeeds', async (t) => {
  const w = await makeWorld(t, 6);
  const dbFile = join(w.home, 'altdeck.db');
  const run = startCli(['batch', w.inputs, '--out', w.out, '--home', w.home, '--workers', '2', '--processor', fixtureCommandLine('slow'), '--json'], SLOW);
  await waitFor('a processor to run', () => runningPids(dbFile).length > 0);
  const holder = holdLock(dbFile, 12_000);
  t.after(() => holder.kill());
  await holder.locked;
  let cliEndedAt = 0;
  void run.done.then(() => (cliEndedAt = Date.now()));
  const releasedAt = await holder.released;
  const r = await run.done;
  assert.equal(r.code, 0, r.stderr);
  assert.ok(cliEndedAt >= releasedAt, 'the CLI was still at work when the lock was released');
  const s = JSON.parse(r.stdout);
  assert.equal(s.counts.succeeded, 6, JSON.stringify(s.counts));
  assert.doesNotMatch(r.stderr, /SqliteError|at .*\.ts:\d+/, 'no stack trace');
  assert.deepEqual(debris(w.inputs), []);
});

test('a lock held past the bounded wait pauses the batch with DB_BUSY: processors stopped, no lock folders, the error in the log; --resume then finishes', async (t) => {
  const w = await makeWorld(t, 6);
  const dbFile = join(w.home, 'altdeck.db');
  const env = { ...SLOW, ALTDECK_DB_BUSY_MS: '1500' };
  const run = startCli(['batch', w.inputs, '--out', w.out, '--home', w.home, '--workers', '2', '--processor', fixtureCommandLine('slow')], env);
  await waitFor('a processor to run', () => runningPids(dbFile).length > 0);
  const seen = new Set(runningPids(dbFile));
  const holder = holdLock(dbFile, 120_000);
  t.after(() => holder.kill());
  await holder.locked;
  const r = await run.done;
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /DB_BUSY: Another program kept AltDeck's queue database locked/);
  assert.ok(r.stderr.includes(dbFile), 'the message names the database');
  assert.match(r.stderr, /--resume/);
  assert.doesNotMatch(r.stderr, /SqliteError|at .*\.ts:\d+/, 'no stack trace');
  const log = join(w.home, 'logs', 'altdeck.log');
  assert.ok(r.stderr.includes(log), 'the message points to the log');
  assert.match(readFileSync(log, 'utf8'), /DB_BUSY/);
  assert.deepEqual(debris(w.inputs), [], 'no lock folder left');
  await waitFor('processors to end', () => [...seen].every((p) => !isAlive(p)), 20_000);

  holder.kill();
  await holder.released;
  const again = await runCli(['batch', '--resume', '--home', w.home, '--json'], env);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(JSON.parse(again.stdout).counts.succeeded, 6);
});

test('the home disk fills up mid-batch: the batch pauses with HOME_FULL, nothing crashes or is left behind; with space again --resume finishes', async (t) => {
  const m = mountTmpfs(t, '16m');
  if ('skip' in m) return t.skip(m.skip);
  const w = await makeWorld(t, 6);
  const home = join(m.dir, 'home');
  const dbFile = join(home, 'altdeck.db');
  const run = startCli(['batch', w.inputs, '--out', w.out, '--home', home, '--workers', '2', '--processor', fixtureCommandLine('slow')], SLOW);
  await waitFor('a processor to run', () => runningPids(dbFile).length > 0);
  const seen = new Set(runningPids(dbFile));
  // Fill every free byte of the home's disk.
  const filler = join(m.dir, 'filler');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    assert.equal((e as NodeJS.ErrnoException).code, 'ENOSPC');
  }
  try {
    for (;;) writeSync(fd, Buffer.alloc(512));
  } catch {}
  closeSync(fd);
  const r = await run.done;
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /HOME_FULL: The disk holding AltDeck's queue and logs is full/);
  assert.ok(r.stderr.includes(dbFile));
  assert.doesNotMatch(r.stderr, /SqliteError|at .*\.ts:\d+/, 'no stack trace');
  assert.deepEqual(debris(w.inputs), [], 'no lock folder left');
  await waitFor('processors to end', () => [...seen].every((p) => !isAlive(p)), 20_000);

  rmSync(filler);
  const again = await runCli(['batch', '--resume', '--home', home, '--json'], SLOW);
  assert.equal(again.code, 0, again.stderr);
  const s = JSON.parse(again.stdout);
  assert.equal(s.counts.succeeded, 6, JSON.stringify(s.counts));
});

test('a home on a full disk: a sentence naming the queue and what to do, exit 1, no stack trace', async (t) => {
  const m = mountTmpfs(t, '1m');
  if ('skip' in m) return t.skip(m.skip);
  const w = await makeWorld(t, 1);
  const fd = openSync(join(m.dir, 'filler'), 'w');
  try {
    for (;;) writeSync(fd, Buffer.alloc(4096));
  } catch {}
  closeSync(fd);
  const home = join(m.dir, 'home');
  const r = await runCli(['batch', w.inputs, '--out', w.out, '--home', home]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /is full/);
  assert.ok(r.stderr.includes(join(home, 'altdeck.db')));
  assert.match(r.stderr, /Free some space/);
  assert.doesNotMatch(r.stderr, /SqliteError|at .*\.ts:\d+/);
});

for (const kind of ['garbage', 'truncated', 'read-only'] as const) {
  test(`a ${kind} queue database: the CLI says which file and what to do, exits 1 and leaves it unchanged`, async (t) => {
    let home: string;
    const w = await makeWorld(t, 2);
    if (kind === 'read-only') {
      const m = mountTmpfs(t, '16m');
      if ('skip' in m) return t.skip(m.skip);
      home = join(m.dir, 'home');
    } else home = w.home;
    const dbFile = join(home, 'altdeck.db');
    if (kind === 'garbage') {
      mkdirSync(home, { recursive: true });
      writeFileSync(dbFile, Buffer.alloc(32 * 1024, 'garbage!'));
    } else {
      const first = await runCli(['batch', w.inputs, '--out', w.out, '--home', home, '--processor', fixtureCommandLine('succeed')]);
      assert.equal(first.code, 0, first.stderr);
      if (kind === 'truncated') {
        const bytes = readFileSync(dbFile);
        writeFileSync(dbFile, bytes.subarray(0, Math.floor(bytes.length / 2)));
      } else remount(join(home, '..'), 'ro');
    }
    const before = readFileSync(dbFile);
    const mtime = statSync(dbFile).mtimeMs;
    const r = await runCli(['batches', '--home', home]);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stderr.includes(dbFile), r.stderr);
    assert.match(r.stderr, kind === 'read-only' ? /read-only.*--home DIR/s : /damaged or is not an AltDeck database.*Move it aside/s);
    assert.match(r.stderr, /did not change it/);
    assert.doesNotMatch(r.stderr, /SqliteError|at .*\.ts:\d+/);
    assert.deepEqual(readFileSync(dbFile), before);
    assert.equal(statSync(dbFile).mtimeMs, mtime);
    if (kind !== 'read-only') assert.match(r.stderr, new RegExp(`Details are in the log: ${join(home, 'logs', 'altdeck.log').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    else {
      assert.match(r.stderr, /could not be written either/);
      // A home that does not exist yet on a read-only disk.
      const fresh = join(home, '..', 'new-home');
      const r2 = await runCli(['batch', w.inputs, '--out', w.out, '--home', fresh]);
      assert.equal(r2.code, 1, r2.stderr);
      assert.ok(r2.stderr.includes(join(fresh, 'altdeck.db')), r2.stderr);
      assert.match(r2.stderr, /read-only.*--home DIR/s);
      assert.doesNotMatch(r2.stderr, /at .*\.ts:\d+/);
    }
  });
}

test('a read-only output folder is checked before the first deck: one clear message, exit 4, no deck tried', async (t) => {
  const m = mountTmpfs(t, '4m');
  if ('skip' in m) return t.skip(m.skip);
  const w = await makeWorld(t, 3);
  remount(m.dir, 'ro');
  const out = join(m.dir, 'out');
  const r = await runCli(['batch', w.inputs, '--out', out, '--home', w.home, '--processor', fixtureCommandLine('succeed'), '--json']);
  assert.equal(r.code, 4, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.state, 'paused');
  assert.match(s.reason, /cannot write to the output folder/);
  assert.ok(s.reason.includes(out));
  assert.equal(s.counts.pending, 3, 'no deck was tried');
  assert.ok(s.items.every((i: { attempts: number }) => i.attempts === 0));
  assert.doesNotMatch(r.stdout + r.stderr, /PowerPoint/);
});
