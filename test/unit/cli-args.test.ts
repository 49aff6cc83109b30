import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCli, UsageError } from '../../src/cli/args';
import { buildSummary, exitCodeFor } from '../../src/cli/summary';
import { progressLine } from '../../src/cli/progress-line';
import type { BatchInfo } from '../../src/shared/types';
import { resolveSettings } from '../../src/core/settings';

test('parseCli: batch options map onto settings; --resume takes an optional batch id', () => {
  const c = parseCli(['batch', 'a', 'b', '--workers', '2', '--timeout', '60', '--grace', '5', '--max-attempts', '4', '--error-threshold', '0', '--force', '--json', '--processor', 'my-tool --fast']);
  assert.equal(c.cmd, 'batch');
  if (c.cmd !== 'batch') return;
  assert.deepEqual(c.inputs, ['a', 'b']);
  assert.equal(c.settings.workers, 2);
  assert.equal(c.settings.timeoutSec, 60);
  assert.equal(c.settings.errorThreshold, 0);
  assert.equal(c.settings.processor, 'my-tool --fast');
  assert.equal(c.json, true);
  const r1 = parseCli(['batch', '--resume']);
  assert.equal(r1.cmd === 'batch' && r1.resume, true);
  const r2 = parseCli(['batch', '--resume', '20261122_141500_1a2b3c4d', '--workers', '2']);
  assert.equal(r2.cmd === 'batch' && r2.resume, '20261122_141500_1a2b3c4d');
  const r3 = parseCli(['batch', '--resume', 'folder']);
  assert.ok(r3.cmd === 'batch' && r3.resume === true && r3.inputs[0] === 'folder', 'a non-id after --resume is an input');
});

test('parseCli: usage errors say what is wrong', () => {
  assert.throws(() => parseCli(['batch']), UsageError);
  assert.throws(() => parseCli(['batch', 'x', '--workers', '0']), /--workers needs a whole number ≥ 1/);
  assert.throws(() => parseCli(['batch', 'x', '--error-threshold', '2']), /≤ 1/);
  assert.throws(() => parseCli(['batch', 'x', '--bogus']), UsageError);
  assert.throws(() => parseCli(['batch', 'x', '--policy', 'nuke']), /preserve, overwrite or audit/);
  assert.throws(() => parseCli(['report']), /one batch id/);
  assert.throws(() => parseCli(['frobnicate']), /Unknown command/);
  assert.deepEqual(parseCli(['process', '--input', 'a']), { cmd: 'process', argv: ['--input', 'a'] });
});

function batch(state: BatchInfo['state'], reason: string | null, failed: number): BatchInfo {
  return {
    id: '20261122_141500_1a2b3c4d',
    state,
    reason,
    createdAt: 0,
    startedAt: 0,
    finishedAt: 0,
    settings: resolveSettings({}, { outputDir: '/o', inputRoot: '/i' }),
    counts: { total: 10, pending: 0, running: 0, retrying: 1, succeeded: 9 - failed, failed, skipped: 0, cancelled: 0 },
  };
}

test('exit codes: 0 all done, 1 some failed, 3 error threshold', () => {
  assert.equal(exitCodeFor(buildSummary(batch('completed', null, 0), [], 0)), 0);
  assert.equal(exitCodeFor(buildSummary(batch('completed', null, 2), [], 0)), 1);
  assert.equal(exitCodeFor(buildSummary(batch('aborted', 'Stopped: 5 of 6 finished decks failed', 5), [], 0)), 3);
  assert.equal(buildSummary(batch('completed', null, 0), [], 0).counts.pending, 1, 'retrying decks count as still to do');
});

test('progress line: decks done of the total, rate, ETA and the decks in flight; no byte or picture percentage (issue 14 §4)', () => {
  const line = progressLine({
    batchId: 'b',
    counts: { total: 200, pending: 150, running: 2, retrying: 0, succeeded: 45, failed: 3, skipped: 0, cancelled: 0 },
    unitsDone: 480,
    unitsTotal: 2000,
    activeMs: 600_000,
    eta: { lowMs: 20 * 60_000, highMs: 30 * 60_000, unitsPerSec: 0.8, decksPerMin: 4.8 },
    running: [{ jobId: 1, path: '/share/anatomy/heart.pptx', done: 1, total: 4, startedAt: 0 }],
  });
  assert.equal(line, '48/200 decks done (3 failed)  4.8 decks/min  20–30 min left  now: heart.pptx');
  assert.doesNotMatch(line, /%/);
});
