/**
 * issue 14 §4: a closed pipe stops the output, never the work. Real subprocesses,
 * real pipes whose reader goes away (`| head -1`, a tee killed by Ctrl+C), real SIGINT.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { makeWorld, debris, isAlive } from '../engine/helpers';
import { fixtureCommandLine } from '../fixtures/processors';
import { BIN, runCli, startCli } from './run-cli';
import { waitUntil } from '../helpers/wait';

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function jobsOf(home: string): Array<{ state: string; attempts: number; proc_pid: number | null }> {
  const d = new Database(join(home, 'altdeck.db'), { readonly: true, fileMustExist: true });
  try {
    return d.prepare('SELECT state, attempts, proc_pid FROM jobs ORDER BY id').all() as Array<{ state: string; attempts: number; proc_pid: number | null }>;
  } finally {
    d.close();
  }
}

test('altdeck batches with its reader gone: no EPIPE crash, exit 0', async (t) => {
  const w = await makeWorld(t, 1);
  for (let i = 0; i < 3; i++) assert.equal((await runCli(['batch', w.inputs, '--dry-run', '--home', w.home])).code, 0);
  // The reader closes before altdeck writes a byte: every write meets EPIPE.
  const child = spawn(process.execPath, [BIN, 'batches', '--home', w.home], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /EPIPE|Error:|at /);
});

test('altdeck batch … 2>&1 | head -1: the batch goes on to the end after head exits; no lock, no temp file left', async (t) => {
  const w = await makeWorld(t, 4);
  // Enough decks after the first line that later per-deck lines meet the closed pipe.
  const cmd = `${q(process.execPath)} ${q(BIN)} batch ${q(w.inputs)} --home ${q(w.home)} --out ${q(w.out)} --processor ${q(fixtureCommandLine('slow'))} 2>&1 | head -1`;
  const sh = spawn('/bin/sh', ['-c', `${cmd}; echo "head done"`], {
    env: { ...process.env, ALTDECK_TEST_STEPS: '4', ALTDECK_TEST_STEP_MS: '50' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  sh.stdout.on('data', (d) => (out += d));
  await new Promise((resolve) => sh.on('close', resolve));
  assert.match(out, /head done/);
  assert.equal(out.trim().split('\n').length, 2, out);
  // The pipeline ends when altdeck does (head holds no reference to it), so its work is done by now.
  const rows = jobsOf(w.home);
  assert.deepEqual(rows.map((r) => r.state), ['succeeded', 'succeeded', 'succeeded', 'succeeded']);
  for (const d of w.decks) assert.ok(existsSync(join(w.out, d.slice(w.inputs.length + 1))), `${d} processed`);
  assert.deepEqual(debris(w.inputs), []);
  assert.deepEqual(debris(w.out), []);
  const st = await runCli(['status', '--home', w.home, '--json']);
  assert.equal(JSON.parse(st.stdout).state, 'completed');
});

test('a tee killed by Ctrl+C: output gone, the batch still stops gracefully (exit 130, decks back in the queue, no lock), --resume finishes', async (t) => {
  const w = await makeWorld(t, 3);
  const run = startCli(['batch', w.inputs, '--home', w.home, '--out', w.out, '--processor', fixtureCommandLine('slow')], {
    ALTDECK_TEST_STEPS: '50',
    ALTDECK_TEST_STEP_MS: '100',
  });
  // Wait for a processor to run, then close both pipes as a dying tee would, then Ctrl+C.
  const pid = await waitUntil('a processor started', () => {
    if (!existsSync(join(w.home, 'altdeck.db'))) return null;
    try {
      return jobsOf(w.home).find((r) => r.state === 'running' && r.proc_pid)?.proc_pid ?? null;
    } catch {
      return null; // tables not there yet
    }
  });
  run.child.stdout!.destroy();
  run.child.stderr!.destroy();
  run.child.kill('SIGINT');
  const r = await run.done;
  assert.equal(r.code, 130, `exit ${r.code} signal ${r.signal}`);
  assert.equal(isAlive(pid!), false, 'the processor was stopped');
  const rows = jobsOf(w.home);
  assert.ok(rows.every((x) => x.state === 'pending' && x.attempts === 0), JSON.stringify(rows));
  assert.deepEqual(debris(w.inputs), []);
  const again = await runCli(['batch', '--resume', '--home', w.home, '--json'], { ALTDECK_TEST_STEPS: '1', ALTDECK_TEST_STEP_MS: '10' });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(JSON.parse(again.stdout).counts.succeeded, 3);
});
