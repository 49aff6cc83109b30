/**
 * Issue 12: a "Stopped" notice never sits next to a "Running" pill with an ETA. The
 * error threshold (or low disk) stops a batch while its decks in flight settle; from
 * the notice on, the renderer's mirror shows the batch winding down, until its state comes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp } from '../../src/renderer/store';
import { batchStatus } from '../../src/shared/batch-status';
import type { BatchInfo } from '../../src/shared/types';
import { batch } from '../main/stand-ins';

const shown = (id: string) => {
  const s = useApp.getState();
  const b = s.batches.find((x) => x.id === id)!;
  return batchStatus(b, s.engineStopping[id] ? 'stop' : null);
};

test('an error-threshold notice turns the Running pill into Stopping…, then the batch’s own state', () => {
  const active: BatchInfo = { ...batch('B7'), state: 'active' };
  useApp.getState().applyEvents([{ type: 'batch-state', batch: active }]);
  assert.equal(shown('B7').label, 'Running');
  assert.equal(shown('B7').phase, 'running');
  useApp.getState().applyEvents([{ type: 'notice', batchId: 'B7', code: 'ERROR_THRESHOLD', message: 'Stopped: 5 of 6 finished decks failed…' }]);
  assert.equal(shown('B7').label, 'Stopping…');
  assert.notEqual(shown('B7').phase, 'running', 'no ETA beside the Stopped notice');
  // A notice about another batch, or an informative one, changes nothing here.
  useApp.getState().applyEvents([{ type: 'notice', batchId: 'B7', code: 'INFO', message: 'x' }]);
  useApp.getState().applyEvents([{ type: 'batch-state', batch: { ...active, state: 'aborted', reason: 'Stopped: 5 of 6 finished decks failed…' } }]);
  assert.equal(shown('B7').label, 'Stopped: too many failures');
  assert.deepEqual(useApp.getState().engineStopping, {});
  // Resumed: running again, nothing left over from the earlier stop.
  useApp.getState().applyEvents([{ type: 'batch-state', batch: active }]);
  assert.equal(shown('B7').label, 'Running');
});
