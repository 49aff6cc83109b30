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
  // A folder after --resume is not a batch id: refused, never silently ignored.
  assert.throws(() => parseCli(['batch', '--resume', 'folder']), /give no files or folders/);
});

test('parseCli: --resume takes the five settings that may change, and only those', () => {
  const c = parseCli(['batch', '--resume', '20261122_141500_1a2b3c4d', '--workers', '2', '--timeout', '60', '--grace', '3', '--max-attempts', '5', '--error-threshold', '0.8', '--json']);
  assert.ok(c.cmd === 'batch');
  if (c.cmd !== 'batch') return;
  assert.deepEqual(c.overrides, { workers: 2, timeoutSec: 60, graceSec: 3, maxAttempts: 5, errorThreshold: 0.8 });
  assert.equal(c.json, true);
  const bare = parseCli(['batch', '--resume']);
  assert.deepEqual(bare.cmd === 'batch' && bare.overrides, {}, 'nothing given, nothing changes');
  assert.throws(() => parseCli(['batch', '--resume', '--workers', '0']), /--workers needs a whole number ≥ 1/);
  assert.throws(() => parseCli(['batch', '--resume', '--error-threshold', '1.5']), /≤ 1/);
  for (const opt of [['--policy', 'overwrite'], ['--out', 'x'], ['--ocr'], ['--force'], ['--processor', 'x'], ['--dry-run']]) {
    assert.throws(() => parseCli(['batch', '--resume', ...opt]), new RegExp(`${opt[0]} cannot change when a batch is resumed`), opt[0]);
  }
});

test('parseCli: retry BATCH_ID [--code CODE]', () => {
  assert.deepEqual(parseCli(['retry', '20261122_141500_1a2b3c4d']), { cmd: 'retry', batchId: '20261122_141500_1a2b3c4d', code: null, json: false, home: undefined });
  const c = parseCli(['retry', '20261122_141500_1a2b3c4d', '--code', 'processor_timeout', '--json']);
  assert.ok(c.cmd === 'retry' && c.code === 'PROCESSOR_TIMEOUT' && c.json);
  assert.throws(() => parseCli(['retry']), /one batch id/);
  assert.throws(() => parseCli(['retry', 'nonsense']), /one batch id/);
  assert.throws(() => parseCli(['retry', '20261122_141500_1a2b3c4d', '--code', 'OOPS']), /--code must be an error code/);
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
    activeMs: 0,
    counts: { total: 10, pending: 0, running: 0, retrying: 0, succeeded: 10 - failed, failed, skipped: 0, cancelled: 0, rejected: 0 },
  };
}

test('exit codes: 0 all done, 1 some failed or rejected, 3 error threshold, 4 paused or unfinished', () => {
  const code = (b: BatchInfo) => exitCodeFor(buildSummary(b, [], 0));
  assert.equal(code(batch('completed', null, 0)), 0);
  assert.equal(code(batch('completed', null, 2)), 1);
  const rejected = batch('completed', null, 0);
  rejected.counts = { ...rejected.counts, succeeded: 7, rejected: 3 };
  assert.equal(code(rejected), 1, 'rejected files are reported');
  assert.equal(code(batch('aborted', 'Stopped: 5 of 6 finished decks failed', 5)), 3);
  assert.equal(code(batch('paused', 'The output drive is nearly full, so the batch was paused.', 0)), 4, 'low disk');
  assert.equal(code(batch('paused', null, 2)), 4, 'unfinished beats failed: the batch is not over');
  const open = batch('completed', null, 0);
  open.counts = { ...open.counts, succeeded: 9, retrying: 1 };
  assert.equal(buildSummary(open, [], 0).counts.pending, 1, 'retrying decks count as still to do');
  assert.equal(code(open), 4, 'decks still to do: resumable');
  const dry = batch('completed', 'dry run', 0);
  dry.settings = { ...dry.settings, dryRun: true };
  dry.counts = { ...dry.counts, succeeded: 0, skipped: 8, rejected: 2 };
  assert.equal(code(dry), 1, 'a dry run with rejects exits 1');
});

test('progress line: decks done of the total, rate, ETA and the decks in flight; no byte or picture percentage (issue 14 §4)', () => {
  const line = progressLine({
    batchId: 'b',
    counts: { total: 200, pending: 150, running: 2, retrying: 0, succeeded: 45, failed: 3, skipped: 0, cancelled: 0, rejected: 0 },
    unitsDone: 480,
    unitsTotal: 2000,
    activeMs: 600_000,
    eta: { lowMs: 20 * 60_000, highMs: 30 * 60_000, unitsPerSec: 0.8, decksPerMin: 4.8 },
    running: [{ jobId: 1, path: '/share/anatomy/heart.pptx', done: 1, total: 4, startedAt: 0 }],
  });
  assert.equal(line, '48/200 decks done (3 failed)  4.8 decks/min  20–30 min left  now: heart.pptx');
  assert.doesNotMatch(line, /%/);
});

test('parseCli: --min-free takes a size, also with --resume; nonsense is a usage error', () => {
  const c = parseCli(['batch', 'in', '--min-free', '200MB']);
  assert.equal(c.cmd === 'batch' && c.settings.minFreeBytes, 200 * 1024 ** 2);
  const r = parseCli(['batch', '--resume', '--min-free', '0']);
  assert.equal(r.cmd === 'batch' && r.overrides?.minFreeBytes, 0);
  assert.equal((parseCli(['batch', 'in']) as { settings: { minFreeBytes?: number } }).settings.minFreeBytes, undefined);
  assert.throws(() => parseCli(['batch', 'in', '--min-free', 'plenty']), (e: unknown) => e instanceof UsageError && /--min-free needs a size such as 200MB/.test((e as Error).message));
});
