/**
 * The findings review keeps each batch's parsed findings between calls (every key in the
 * findings panel reads them): a deck that finishes, or finishes again, must show at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDatabase } from '../../src/core/db/open';
import { QueueStore } from '../../src/core/queue/store';
import { CheckReview } from '../../src/core/review/check-review';
import { seedBigBatch, seedBigBatchChecks } from '../helpers/review-batch';
import { tempDir } from '../helpers/tmp';

test('findings review: the kept findings follow decks that finish or finish again', (t) => {
  const home = tempDir(t);
  const batchId = seedBigBatch(home, 3, 1);
  seedBigBatchChecks(home, batchId);
  const db = openDatabase(join(home, 'altdeck.db'));
  t.after(() => db.close());
  const review = new CheckReview(new QueueStore(db));
  assert.equal(review.page(batchId).findings, 33);
  assert.equal(new CheckReview(new QueueStore(db)).page(batchId).findings, 33, 'a second reader of the same database');

  const [first, second] = db.prepare('SELECT id FROM jobs WHERE batch_id = ? ORDER BY id').pluck().all(batchId) as number[];
  // a deck goes back to the queue (retry): its findings leave the list
  db.prepare("UPDATE jobs SET state = 'pending' WHERE id = ?").run(first);
  assert.equal(review.page(batchId).findings, 22);
  // it finishes again, later, with other findings: the new ones are listed
  const result = JSON.parse(db.prepare('SELECT result FROM jobs WHERE id = ?').pluck().get(second) as string);
  result.checks = result.checks.slice(0, 1);
  db.prepare("UPDATE jobs SET state = 'succeeded', result = ?, finished_at = finished_at + 1000 WHERE id = ?").run(JSON.stringify(result), first);
  assert.equal(review.page(batchId).findings, 23);
});
