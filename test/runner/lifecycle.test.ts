/** Starting, stopping and the engine's death: the edges of a processor's life. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyOutcome } from '../../src/core/runner/classify-outcome';
import { parseCommandLine } from '../../src/core/runner/command-line';
import { isProcessAlive } from '../../src/core/runner/process-tree';
import { runProcessor } from '../../src/core/runner/run-processor';
import { validateOutput } from '../../src/core/runner/validate-output';
import { fixtureCommandLine } from '../fixtures/processors';
import { REPO_ROOT } from '../helpers/corpus';
import { tempDir } from '../helpers/tmp';
import { assertNothingLeft, makeIo, runFixture } from './run-helpers';

const T = { timeout: 30_000 };
const base = { timeoutMs: 5000, graceMs: 500 };

async function waitUntilDead(pid: number, maxMs: number): Promise<boolean> {
  const until = Date.now() + maxMs;
  while (Date.now() < until) {
    if (!isProcessAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return !isProcessAlive(pid);
}

test('a missing command is an outcome, not an exception, and is not retried', T, async () => {
  const h = runProcessor({ ...base, command: '/nonexistent/altdeck-processor', args: ['--input', 'x'] });
  assert.equal(h.pid, null);
  h.stop('user'); // harmless
  const o = await h.done;
  assert.equal(o.spawnError, 'processor command not found: /nonexistent/altdeck-processor');
  assert.equal(o.exitCode, null);
  assert.deepEqual(classifyOutcome(o), {
    kind: 'failure',
    code: 'PROCESSOR_FAILED',
    retryable: false,
    message: 'processor command not found: /nonexistent/altdeck-processor',
  });
});

test('a file that is not executable', T, async (t) => {
  const f = join(tempDir(t), 'proc.sh');
  writeFileSync(f, '#!/bin/sh\nexit 0\n');
  chmodSync(f, 0o644);
  const o = await runProcessor({ ...base, command: f, args: [] }).done;
  assert.match(o.spawnError ?? '', /not executable/);
  assert.equal(classifyOutcome(o).kind, 'failure');
});

test('a missing working folder and an argument with a NUL byte', T, async (t) => {
  const missing = join(tempDir(t), 'gone');
  const a = await runProcessor({ ...base, command: process.execPath, args: ['-e', '0'], cwd: missing }).done;
  assert.match(a.spawnError ?? '', /working folder not found/);
  const b = await runProcessor({ ...base, command: process.execPath, args: ['bad\0arg'] }).done;
  assert.ok(b.spawnError, 'synchronous spawn errors are caught');
});

test('a --processor command line is parsed and run without a shell', T, async (t) => {
  const io = await makeIo(tempDir(t));
  const argv = parseCommandLine(fixtureCommandLine('succeed'));
  const o = await runProcessor({ ...base, command: argv[0], args: [...argv.slice(1), '--input', io.input, '--output', io.output] }).done;
  assert.deepEqual(classifyOutcome(o), { kind: 'success' });
  assert.equal((await validateOutput(io.output)).ok, true);
});

test('if onSpawn throws (the pid could not be recorded) the processor is killed at once', T, async (t) => {
  const c = await runFixture('hang', await makeIo(tempDir(t)), {
    timeoutMs: 20_000,
    onSpawn: () => {
      throw new Error('database is locked');
    },
  });
  assert.match(c.outcome.spawnError ?? '', /could not be recorded: database is locked/);
  assert.equal(c.outcome.signal, 'SIGKILL');
  assert.equal(classifyOutcome(c.outcome).kind, 'failure');
  assertNothingLeft(c, assert);
});

test('a throwing callback does not disturb supervision', T, async (t) => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  process.on('warning', onWarning);
  t.after(() => process.off('warning', onWarning));
  const c = await runFixture('succeed', await makeIo(tempDir(t)), {
    onMessage: () => {
      throw new Error('engine bug');
    },
  });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(classifyOutcome(c.outcome), { kind: 'success' });
  assert.ok(c.outcome.result, 'the result is still recorded');
  assert.ok(warnings.some((w) => w.includes('engine bug')));
});

test('timeout 0 means no time limit', T, async (t) => {
  const c = await runFixture('slow', await makeIo(tempDir(t)), {
    timeoutMs: 0,
    env: { ALTDECK_TEST_STEPS: '3', ALTDECK_TEST_STEP_MS: '10' },
  });
  assert.equal(c.outcome.timedOut, false);
  assert.deepEqual(classifyOutcome(c.outcome), { kind: 'success' });
});

test('the engine killed with SIGKILL: the processor sees stdin close and exits, leaving no temp file', T, async (t) => {
  const dir = tempDir(t);
  const io = await makeIo(dir);
  const stub = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'engine-stub.ts'), 'slow', io.input, io.output], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => {
    if (stub.exitCode === null && stub.signalCode === null) stub.kill('SIGKILL');
  });
  const pid = await new Promise<number>((resolve, reject) => {
    let buf = '';
    stub.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /\{"pid":(\d+)\}/.exec(buf);
      if (m) resolve(Number(m[1]));
    });
    stub.once('exit', () => reject(new Error(`engine stub exited early: ${buf}`)));
  });
  assert.equal(isProcessAlive(pid), true, 'the processor runs');
  assert.equal(readdirSync(join(dir, 'out')).length, 1, 'its temp file exists');
  process.kill(stub.pid!, 'SIGKILL');
  // The processor is in its own process group: only its stdin's EOF tells it.
  assert.equal(await waitUntilDead(pid, 10_000), true, `processor ${pid} outlived the engine`);
  assert.deepEqual(readdirSync(join(dir, 'out')), [], 'the processor removed its temp file');
  assert.equal(existsSync(io.output), false);
});

test('a descendant that left the group (setsid) and holds our pipes cannot make the run hang', T, async (t) => {
  // Not ours to kill (it escaped the group); the run must still end, and we clean up here.
  const code = `
    const c = require('child_process').spawn(process.execPath, ['-e', 'setTimeout(()=>{}, 30000)'], { detached: true, stdio: 'inherit' });
    console.log(JSON.stringify({ type: 'log', level: 'info', message: 'escaped ' + c.pid }));
    process.exit(0);`;
  let escaped = 0;
  t.after(() => {
    if (escaped && isProcessAlive(escaped)) process.kill(escaped, 'SIGKILL');
  });
  const o = await runProcessor({
    ...base,
    command: process.execPath,
    args: ['-e', code],
    graceMs: 200,
    onMessage: (m) => {
      if (m.type === 'log') escaped = Number(m.message.split(' ')[1]);
    },
  }).done;
  assert.ok(escaped > 0);
  assert.equal(isProcessAlive(escaped), true, 'it is still running, holding the pipes');
  assert.equal(o.exitCode, 0);
  assert.equal(o.timedOut, false);
});

test('a result line without a final newline still counts; one over maxLineBytes is dropped, not parsed', T, async () => {
  const unterminated = await runProcessor({
    ...base,
    command: process.execPath,
    args: ['-e', `process.stdout.write(JSON.stringify({ type: 'result', slides: 4, items: [] }))`],
  }).done;
  assert.equal(unterminated.result?.slides, 4);

  const notes: string[] = [];
  const tooLong = await runProcessor({
    ...base,
    command: process.execPath,
    args: ['-e', `console.log(JSON.stringify({ type: 'result', slides: 4, items: [], pad: 'x'.repeat(5000) }))`],
    maxLineBytes: 4096,
    onOutputLine: (_s, line) => notes.push(line),
  }).done;
  assert.equal(tooLong.result, null);
  assert.equal(notes.length, 1);
  assert.match(notes[0], /dropped an output line of \d+ bytes, longer than the 4096-byte limit/);
  assert.match(tooLong.stdoutTail, /dropped an output line/);
});
