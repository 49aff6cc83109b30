/** Issue 12 "States a person understands": the label and tone of every batch state. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchFraction, batchStatus, finishedNotice, REASON_CANCELLED, REASON_PAUSED, REASON_STOPPED } from '../../src/shared/batch-status';
import type { BatchInfo, StateCounts } from '../../src/shared/types';

const counts = (c: Partial<StateCounts>): StateCounts => {
  const base = { pending: 0, running: 0, retrying: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, rejected: 0, ...c };
  return { ...base, total: base.pending + base.running + base.retrying + base.succeeded + base.failed + base.skipped + base.cancelled + base.rejected };
};
const b = (state: BatchInfo['state'], reason: string | null, c: Partial<StateCounts>) => ({ state, reason, counts: counts(c) });

test('Stop ends in "Stopped (resumable)"; Pause is "Paused"', () => {
  const stopped = batchStatus(b('paused', REASON_STOPPED, { pending: 3, succeeded: 2 }));
  assert.equal(stopped.label, 'Stopped (resumable)');
  assert.equal(stopped.resumable, true);
  assert.equal(batchStatus(b('paused', REASON_PAUSED, { pending: 3 })).label, 'Paused');
  // Paused by the engine (low disk): Paused, and marked for a look.
  const lowDisk = batchStatus(b('paused', 'Low disk space on the output drive…', { pending: 3 }));
  assert.equal(lowDisk.label, 'Paused');
  assert.equal(lowDisk.tone, 'warn');
});

test('while Stop or Cancel is under way the batch is never shown as Running (no ETA phase)', () => {
  const live = b('active', null, { running: 1, pending: 3 });
  assert.equal(batchStatus(live).label, 'Running');
  assert.equal(batchStatus(live).phase, 'running');
  for (const [pending, label] of [['stop', 'Stopping…'], ['cancel', 'Cancelling…'], ['pause', 'Pausing…']] as const) {
    const s = batchStatus(live, pending);
    assert.equal(s.label, label);
    assert.notEqual(s.phase, 'running', `${pending}: no ETA while winding down`);
  }
});

test('a Completed batch with failed decks says so and is not success green', () => {
  const ok = batchStatus(b('completed', null, { succeeded: 5 }));
  assert.deepEqual([ok.label, ok.tone], ['Completed', 'ok']);
  const failed = batchStatus(b('completed', null, { succeeded: 3, failed: 2 }));
  assert.equal(failed.label, 'Completed: 2 failed');
  assert.equal(failed.tone, 'warn');
});

test('cancelled, threshold and interrupted batches', () => {
  assert.equal(batchStatus(b('aborted', REASON_CANCELLED, { cancelled: 3, succeeded: 1 })).label, 'Cancelled');
  const thr = batchStatus(b('aborted', 'Stopped: 4 of 6 finished decks failed…', { failed: 4, succeeded: 2, pending: 3 }));
  assert.equal(thr.label, 'Stopped: too many failures');
  assert.equal(thr.resumable, true);
  assert.equal(batchStatus(b('interrupted', null, { pending: 2 })).label, 'Interrupted (resumable)');
});

test('one notification text for a batch that stopped by itself; none for the person\'s own controls', () => {
  assert.deepEqual(finishedNotice(b('completed', null, { succeeded: 4, rejected: 1 })), { title: 'Batch completed', body: '4 of 4 decks done; 1 not accepted by the check.' });
  assert.equal(finishedNotice(b('completed', null, { succeeded: 3, failed: 1 }))?.title, 'Batch completed: 1 failed');
  assert.match(finishedNotice(b('paused', 'Low disk space.', { pending: 2 }))!.body, /Low disk space/);
  assert.equal(finishedNotice(b('paused', REASON_STOPPED, { pending: 2 })), null);
  assert.equal(finishedNotice(b('paused', REASON_PAUSED, { pending: 2 })), null);
  assert.equal(finishedNotice(b('aborted', REASON_CANCELLED, { cancelled: 2 })), null);
  assert.equal(finishedNotice(b('active', null, { running: 1 })), null);
});

test('batchFraction: pictures when counted, decks otherwise, rejected files are no work', () => {
  assert.equal(batchFraction(counts({ succeeded: 1, pending: 1 }), 30, 40), 0.75);
  assert.equal(batchFraction(counts({ succeeded: 1, pending: 1, rejected: 2 }), 0, 0), 0.5);
  assert.equal(batchFraction(counts({}), 0, 0), 0);
});
