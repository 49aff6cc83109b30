/** Taskbar/dock progress while batches run, and exactly one notification when a batch stops by itself. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBatchSignals } from '../../src/main/batch-signals';
import { REASON_STOPPED } from '../../src/shared/batch-status';
import type { EngineEvent } from '../../src/shared/engine-api';
import type { BatchInfo, BatchProgress } from '../../src/shared/types';
import { batch } from './stand-ins';

const state = (id: string, s: BatchInfo['state'], over: Partial<BatchInfo> = {}): EngineEvent => ({ type: 'batch-state', batch: { ...batch(id), state: s, ...over } });
const progress = (id: string, unitsDone: number, unitsTotal: number, failed = 0): EngineEvent => ({
  type: 'batch-progress',
  progress: {
    batchId: id,
    counts: { total: 4, pending: 2, running: 1, retrying: 0, succeeded: 1 - Math.min(1, failed), failed, skipped: 0, cancelled: 0, rejected: 0 },
    unitsDone,
    unitsTotal,
    activeMs: 0,
    eta: { lowMs: null, highMs: null, unitsPerSec: null, decksPerMin: null },
    running: [],
  } satisfies BatchProgress,
});

test('progress bar follows the running batch and is removed when it ends; one notification per finish', () => {
  const bars: Array<[number, string]> = [];
  const notes: string[] = [];
  const s = createBatchSignals({ setProgress: (v, m) => bars.push([v, m]), notify: (t, b) => notes.push(`${t} | ${b}`) });
  s.onEvents([state('B1', 'active')]);
  s.onEvents([progress('B1', 10, 40)]);
  s.onEvents([progress('B1', 10, 40)]); // unchanged: no new call
  s.onEvents([progress('B1', 20, 40, 1)]);
  assert.deepEqual(bars, [[0, 'normal'], [0.25, 'normal'], [0.5, 'error']]);
  assert.equal(s.isRunning(), true);
  const done = { counts: { total: 4, pending: 0, running: 0, retrying: 0, succeeded: 3, failed: 1, skipped: 0, cancelled: 0, rejected: 0 } };
  s.onEvents([state('B1', 'completed', done)]);
  s.onEvents([state('B1', 'completed', done)]); // the same state again (a refresh): no second notification
  assert.deepEqual(bars.at(-1), [-1, 'normal']);
  assert.deepEqual(notes, ['Batch completed: 1 failed | 3 of 4 decks done; 1 failed.']);
  assert.equal(s.isRunning(), false);
});

test('the person\'s own Stop ends the progress bar without a notification', () => {
  const notes: string[] = [];
  const bars: number[] = [];
  const s = createBatchSignals({ setProgress: (v) => bars.push(v), notify: (t) => notes.push(t) });
  s.onEvents([state('B1', 'active'), progress('B1', 5, 10)]);
  s.onEvents([state('B1', 'paused', { reason: REASON_STOPPED })]);
  assert.deepEqual(notes, []);
  assert.equal(bars.at(-1), -1);
});

test('two batches: the bar shows the least advanced one', () => {
  const bars: number[] = [];
  const s = createBatchSignals({ setProgress: (v) => bars.push(v), notify: () => {} });
  s.onEvents([state('A', 'active'), state('B', 'active'), progress('A', 9, 10), progress('B', 1, 10)]);
  assert.equal(bars.at(-1), 0.1);
});
