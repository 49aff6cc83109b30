import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { classifyOutcome } from '../../src/core/runner/classify-outcome';
import { validateOutput } from '../../src/core/runner/validate-output';
import { tempDir } from '../helpers/tmp';
import { assertNothingLeft, makeIo, runFixture, startFixture } from './run-helpers';

const T = { timeout: 20_000 };

test('succeed: messages parsed, other lines logged, valid output, nothing left behind', T, async (t) => {
  const dir = tempDir(t);
  const io = await makeIo(dir);
  const c = await runFixture('succeed', io);
  assert.equal(c.spawnedPid, c.handle.pid, 'onSpawn ran before runProcessor returned');
  assert.equal(c.outcome.exitCode, 0);
  assert.equal(c.outcome.signal, null);
  assert.equal(c.outcome.timedOut, false);
  assert.equal(c.outcome.killedGroup, false);
  assert.equal(c.outcome.spawnError, null);
  assert.deepEqual(classifyOutcome(c.outcome), { kind: 'success' });
  assert.deepEqual(
    c.messages.filter((m) => m.type === 'progress').map((m) => (m.type === 'progress' ? m.done : -1)),
    [0, 1, 2],
  );
  assert.ok(c.outcome.result, 'result kept');
  assert.equal((c.outcome.result as Record<string, unknown>).type, undefined, 'result without its type');
  // The env reached the processor.
  assert.equal(c.outcome.result!.jobId, '7');
  assert.equal(c.outcome.result!.batchId, 'b1');
  // stdout and stderr are separate pipes: their relative order is not defined.
  assert.deepEqual(c.lines.filter(([s]) => s === 'stdout'), [['stdout', 'starting (plain text, not NDJSON)']]);
  assert.deepEqual(c.lines.filter(([s]) => s === 'stderr'), [['stderr', 'a harmless warning on stderr']]);
  assert.equal(c.outcome.stdoutTail, 'starting (plain text, not NDJSON)\n', 'NDJSON messages are not in the tail');
  assert.equal(c.outcome.stderrTail, 'a harmless warning on stderr\n');
  assert.deepEqual(await validateOutput(io.output), { ok: true, entries: (await validateOutput(io.input) as { entries: number }).entries });
  assert.deepEqual(readdirSync(join(dir, 'out')), ['lecture.pptx'], 'no temp file left');
  assertNothingLeft(c, assert);
});

test('fail-65: final failure in the processor\'s own words', T, async (t) => {
  const c = await runFixture('fail-65', await makeIo(tempDir(t)));
  assert.equal(c.outcome.exitCode, 65);
  assert.equal(c.outcome.lastLog, 'ppt/presentation.xml is not well-formed XML');
  assert.match(c.outcome.stderrTail, /fatal: the deck cannot be parsed/);
  assert.deepEqual(classifyOutcome(c.outcome), {
    kind: 'failure',
    code: 'PROCESSOR_FAILED',
    retryable: false,
    message: 'ppt/presentation.xml is not well-formed XML',
  });
  assertNothingLeft(c, assert);
});

test('fail-75: retryable failure', T, async (t) => {
  const c = await runFixture('fail-75', await makeIo(tempDir(t)));
  assert.equal(c.outcome.exitCode, 75);
  const v = classifyOutcome(c.outcome);
  assert.ok(v.kind === 'failure' && v.code === 'PROCESSOR_FAILED' && v.retryable);
  assert.match(v.kind === 'failure' ? v.message : '', /model server busy/);
  assertNothingLeft(c, assert);
});

test('flaky: fails 75 until its attempt number passes the limit', T, async (t) => {
  const io = await makeIo(tempDir(t));
  const env = { ALTDECK_TEST_FAIL_ATTEMPTS: '2' };
  const verdicts = [];
  for (const attempt of ['1', '2', '3']) {
    const c = await runFixture('flaky', io, { env: { ...env, ALTDECK_ATTEMPT: attempt } });
    verdicts.push(classifyOutcome(c.outcome).kind);
    assertNothingLeft(c, assert);
  }
  assert.deepEqual(verdicts, ['failure', 'failure', 'success']);
  assert.equal((await validateOutput(io.output)).ok, true);
});

test('hang: SIGTERM at the time limit, classified as a retryable timeout', T, async (t) => {
  const c = await runFixture('hang', await makeIo(tempDir(t)), { timeoutMs: 1000, graceMs: 500 });
  assert.equal(c.outcome.timedOut, true);
  assert.equal(c.outcome.exitCode, null);
  assert.equal(c.outcome.signal, 'SIGTERM');
  assert.equal(c.outcome.killedGroup, false, 'SIGTERM was enough');
  // A lower bound only (load can only make it later): not stopped before the limit.
  assert.ok(c.outcome.durationMs >= 950);
  const v = classifyOutcome(c.outcome);
  assert.ok(v.kind === 'failure' && v.code === 'PROCESSOR_TIMEOUT' && v.retryable);
  assertNothingLeft(c, assert);
});

test('ignore-sigterm: SIGKILL of the group after the grace', T, async (t) => {
  // The limit leaves the fixture time to start and install its handler, even on a loaded machine.
  const c = await runFixture('ignore-sigterm', await makeIo(tempDir(t)), { timeoutMs: 8000, graceMs: 500 });
  assert.equal(c.outcome.timedOut, true);
  assert.equal(c.outcome.signal, 'SIGKILL');
  assert.equal(c.outcome.killedGroup, true);
  assert.match(c.outcome.stderrTail, /SIGTERM received and ignored/, 'SIGTERM came first');
  // A lower bound only: the grace was granted before the SIGKILL.
  assert.ok(c.outcome.durationMs >= 8450);
  assert.equal(classifyOutcome(c.outcome).kind, 'failure');
  assert.equal((classifyOutcome(c.outcome) as { code: string }).code, 'PROCESSOR_TIMEOUT');
  assertNothingLeft(c, assert);
});

test('grandchild left behind by a successful processor is killed', T, async (t) => {
  const c = await runFixture('grandchild', await makeIo(tempDir(t)), {
    env: { ALTDECK_TEST_GRANDCHILD_MODE: 'exit' },
    timeoutMs: 10_000,
  });
  assert.ok(c.grandchildPid, 'the fixture reported its grandchild');
  assert.equal(c.outcome.exitCode, 0);
  assert.equal(c.outcome.timedOut, false);
  assert.equal(c.outcome.killedGroup, true, 'the survivor had to be killed');
  assertNothingLeft(c, assert);
});

test('grandchild ignoring SIGTERM under a hung processor: the whole group dies at the time limit', T, async (t) => {
  const c = await runFixture('grandchild', await makeIo(tempDir(t)), {
    env: { ALTDECK_TEST_GRANDCHILD_MODE: 'hang' },
    // Time for two Node starts on a loaded machine before the grandchild ignores SIGTERM (it reports ready first).
    timeoutMs: 10_000,
    graceMs: 500,
  });
  assert.ok(c.grandchildPid);
  assert.equal(c.outcome.timedOut, true);
  assert.equal(c.outcome.killedGroup, true);
  assert.equal((classifyOutcome(c.outcome) as { code: string }).code, 'PROCESSOR_TIMEOUT');
  assertNothingLeft(c, assert);
});

for (const sig of ['SIGSEGV', 'SIGKILL', 'SIGABRT'] as const) {
  test(`die-by-signal ${sig}: retryable crash`, T, async (t) => {
    const c = await runFixture('die-by-signal', await makeIo(tempDir(t)), { env: { ALTDECK_TEST_SIGNAL: sig }, timeoutMs: 10_000 });
    assert.equal(c.outcome.exitCode, null);
    assert.equal(c.outcome.signal, sig);
    assert.equal(c.outcome.timedOut, false);
    const v = classifyOutcome(c.outcome);
    assert.ok(v.kind === 'failure' && v.code === 'PROCESSOR_CRASHED' && v.retryable && v.message.includes(sig));
    assertNothingLeft(c, assert);
  });
}

test('bad-output and no-output exit 0, and validation catches both', T, async (t) => {
  const bad = await runFixture('bad-output', await makeIo(tempDir(t)));
  assert.deepEqual(classifyOutcome(bad.outcome), { kind: 'success' });
  const vb = await validateOutput(bad.output);
  assert.equal(vb.ok, false);
  assertNothingLeft(bad, assert);

  const none = await runFixture('no-output', await makeIo(tempDir(t)));
  assert.deepEqual(classifyOutcome(none.outcome), { kind: 'success' });
  assert.ok(none.outcome.result, 'it even claimed a result');
  const vn = await validateOutput(none.output);
  assert.ok(!vn.ok && /no output/.test(vn.message));
  assertNothingLeft(none, assert);
});

for (const reason of ['user', 'shutdown'] as const) {
  test(`stop('${reason}') mid-run: polite stop, no attempt spent, no temp file, nothing left`, T, async (t) => {
    const dir = tempDir(t);
    const io = await makeIo(dir);
    let stopped = false;
    const run = startFixture('slow', io, {
      env: { ALTDECK_TEST_STEPS: '50', ALTDECK_TEST_STEP_MS: '50' },
      timeoutMs: 30_000,
      graceMs: 2000,
      onMessage: (m) => {
        if (!stopped && m.type === 'progress' && m.done >= 2) {
          stopped = true;
          run.handle.stop(reason);
          run.handle.stop(reason === 'user' ? 'shutdown' : 'user'); // the first reason wins
        }
      },
    });
    const c = await run.collected;
    assert.equal(stopped, true);
    assert.equal(c.outcome.stoppedBy, reason);
    assert.equal(c.outcome.timedOut, false);
    assert.equal(c.outcome.exitCode, 75, 'the processor handled SIGTERM itself');
    assert.equal(c.outcome.killedGroup, false);
    assert.deepEqual(classifyOutcome(c.outcome), { kind: 'stopped' });
    assert.equal(existsSync(io.output), false, 'no output from a stopped run');
    assert.deepEqual(readdirSync(join(dir, 'out')), [], 'the temp file was cleaned up');
    assertNothingLeft(c, assert);
  });
}

test('stop after the processor finished changes nothing', T, async (t) => {
  const c = await runFixture('fail-65', await makeIo(tempDir(t)));
  c.handle.stop('user');
  assert.equal(c.outcome.stoppedBy, null);
  assert.equal(classifyOutcome(c.outcome).kind, 'failure');
});

test('slow without interference finishes and writes its output', T, async (t) => {
  const io = await makeIo(tempDir(t));
  const c = await runFixture('slow', io, { env: { ALTDECK_TEST_STEPS: '3', ALTDECK_TEST_STEP_MS: '20' }, timeoutMs: 20_000 });
  assert.deepEqual(classifyOutcome(c.outcome), { kind: 'success' });
  assert.equal(c.messages.filter((m) => m.type === 'progress').length, 4);
  assert.equal((await validateOutput(io.output)).ok, true);
});
