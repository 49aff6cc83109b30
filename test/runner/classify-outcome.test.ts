import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyOutcome } from '../../src/core/runner/classify-outcome';
import type { RunOutcome } from '../../src/core/runner/types';

const base: RunOutcome = {
  exitCode: 0,
  signal: null,
  timedOut: false,
  stoppedBy: null,
  result: null,
  stdoutTail: '',
  stderrTail: '',
  durationMs: 1234,
  spawnError: null,
  killedGroup: false,
};
const o = (x: Partial<RunOutcome>): RunOutcome => ({ ...base, ...x });

test('exit 0 is success', () => {
  assert.deepEqual(classifyOutcome(base), { kind: 'success' });
});

test('a stop wins over the exit it caused, and over a timeout', () => {
  assert.deepEqual(classifyOutcome(o({ exitCode: null, signal: 'SIGTERM', stoppedBy: 'user' })), { kind: 'stopped' });
  assert.deepEqual(classifyOutcome(o({ exitCode: 75, stoppedBy: 'shutdown', timedOut: true })), { kind: 'stopped' });
});

test('timeout is retryable PROCESSOR_TIMEOUT', () => {
  const v = classifyOutcome(o({ exitCode: null, signal: 'SIGKILL', timedOut: true, killedGroup: true }));
  assert.equal(v.kind, 'failure');
  if (v.kind !== 'failure') return;
  assert.equal(v.code, 'PROCESSOR_TIMEOUT');
  assert.equal(v.retryable, true);
  assert.match(v.message, /time limit/);
});

test('exit 65 is final, in the processor\'s own words', () => {
  assert.deepEqual(classifyOutcome(o({ exitCode: 65, stderrTail: 'loading\nbad XML in slide 3\n\n' })), {
    kind: 'failure',
    code: 'PROCESSOR_FAILED',
    retryable: false,
    message: 'bad XML in slide 3',
  });
  const v = classifyOutcome(o({ exitCode: 65, stderrTail: 'noise\n', lastLog: 'slide 3 is corrupt' }));
  assert.ok(v.kind === 'failure' && v.message === 'slide 3 is corrupt');
  const silent = classifyOutcome(o({ exitCode: 65 }));
  assert.ok(silent.kind === 'failure' && !silent.retryable && /65/.test(silent.message));
});

test('exit 75 is retryable PROCESSOR_FAILED', () => {
  const v = classifyOutcome(o({ exitCode: 75, stderrTail: 'busy\n' }));
  assert.deepEqual(v, { kind: 'failure', code: 'PROCESSOR_FAILED', retryable: true, message: 'temporary failure (exit 75): busy' });
});

test('death by signal is retryable PROCESSOR_CRASHED', () => {
  const v = classifyOutcome(o({ exitCode: null, signal: 'SIGSEGV' }));
  assert.ok(v.kind === 'failure' && v.code === 'PROCESSOR_CRASHED' && v.retryable && /SIGSEGV/.test(v.message));
});

test('a command that cannot start is final', () => {
  const v = classifyOutcome(o({ exitCode: null, spawnError: 'processor command not found: /nope' }));
  assert.deepEqual(v, { kind: 'failure', code: 'PROCESSOR_FAILED', retryable: false, message: 'processor command not found: /nope' });
});

test('any other exit is retryable PROCESSOR_FAILED', () => {
  for (const code of [1, 2, 64, 70, 99, 255]) {
    const v = classifyOutcome(o({ exitCode: code }));
    assert.ok(v.kind === 'failure' && v.code === 'PROCESSOR_FAILED' && v.retryable && v.message.includes(String(code)), String(code));
  }
});

test('long messages are clipped', () => {
  const v = classifyOutcome(o({ exitCode: 65, stderrTail: 'x'.repeat(5000) }));
  assert.ok(v.kind === 'failure' && v.message.length <= 500);
});
