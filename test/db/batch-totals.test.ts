/**
 * Migration 012: counts() and unitsDone() read per-batch totals kept by triggers. Through every
 * kind of transition (enqueue, claim, progress, finish in each state, retry, release, cancel,
 * start-up recovery, a re-check changing a deck's units, a raw UPDATE, a batch deleted) they must
 * give exactly what the old queries over every job row gave.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { openDatabase, type Db } from '../../src/core/db/open';
import { QueueStore, type NewJob } from '../../src/core/queue/store';
import { recoverQueue } from '../../src/core/queue/recovery';
import { emptyCounts } from '../../src/core/queue/rows';
import { resolveSettings, settingsKey } from '../../src/core/settings';
import type { JobState, PreflightResult, StateCounts } from '../../src/shared/types';
import { tempDir } from '../helpers/tmp';

/** The queries these replaced (job-queries.ts before migration 012), over every row. */
function oldCounts(db: Db, batchId: string): StateCounts {
  const c = emptyCounts();
  for (const r of db.prepare('SELECT state, COUNT(*) AS n FROM jobs WHERE batch_id = ? GROUP BY state').all(batchId) as Array<{ state: JobState; n: number }>) {
    c[r.state] = r.n;
    c.total += r.n;
  }
  return c;
}
function oldUnitsDone(db: Db, batchId: string): { done: number; total: number } {
  return db
    .prepare(
      `SELECT COALESCE(SUM(CASE WHEN state = 'rejected' THEN 0 ELSE work_units END),0) AS total,
              COALESCE(SUM(CASE WHEN state IN ('succeeded','failed','skipped','cancelled') THEN work_units
                                WHEN state = 'running' AND progress_total > 0 THEN MIN(work_units, work_units * progress_done / progress_total)
                                ELSE 0 END),0) AS done
         FROM jobs WHERE batch_id = ?`,
    )
    .get(batchId) as { done: number; total: number };
}

const preflight: PreflightResult = {
  ok: true,
  path: '',
  code: 'OK',
  size: 1000,
  mtimeMs: 0,
  warnings: [],
  audit: { slides: 3, pictures: 4, picturesMissingAlt: 4, graphicFrames: 0, hiddenSlides: 0, signed: false, macroEnabled: false, uncompressedBytes: 2000 },
};
const jobs = (n: number, state: JobState = 'pending', tag = 'd'): NewJob[] =>
  Array.from({ length: n }, (_, i) => ({ inputPath: `/in/${tag}-${i}.pptx`, relPath: `${tag}-${i}.pptx`, preflight: { ...preflight, path: `/in/${tag}-${i}.pptx` }, workUnits: 3 + (i % 5), state }));

test('batch totals: counts and units done equal the per-row queries through every transition, and migration 012 fills them for an existing queue', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'altdeck.db');
  let db = openDatabase(file);
  let store = new QueueStore(db);
  const settings = resolveSettings({}, { outputDir: '/out', inputRoot: '/in' });
  const key = settingsKey(settings);
  const ids: string[] = [];
  const same = (step: string) => {
    for (const id of ids) {
      assert.deepEqual(store.counts(id), oldCounts(db, id), `${step}: counts of ${id}`);
      assert.deepEqual(store.unitsDone(id), oldUnitsDone(db, id), `${step}: units of ${id}`);
    }
  };
  const a = store.createBatch('20260101_000000_aaaaaaaa', settings, [...jobs(14), ...jobs(3, 'rejected', 'r'), ...jobs(1, 'skipped', 's'), ...jobs(1, 'retrying', 'q')], key).id;
  const b = store.createBatch('20260101_000000_bbbbbbbb', settings, jobs(4), key).id;
  const empty = store.createBatch('20260101_000000_cccccccc', settings, [], key).id;
  ids.push(a, b, empty);
  same('enqueued');

  const claim = () => store.claimNext(a, 30_000)!;
  const c1 = claim();
  store.finish(c1.job.id, c1.token, { state: 'succeeded', outputPath: '/out/1.pptx' });
  const c2 = claim();
  store.finish(c2.job.id, c2.token, { state: 'failed', error: { code: 'PROCESSOR_CRASHED', message: 'x' } });
  const c3 = claim();
  store.finish(c3.job.id, c3.token, { state: 'retrying', runAfter: 0, error: { code: 'PROCESSOR_CRASHED', message: 'x' } });
  const c4 = claim();
  store.finish(c4.job.id, c4.token, { state: 'rejected', error: { code: 'EMPTY_FILE', message: 'x' } });
  const c5 = claim();
  store.finish(c5.job.id, c5.token, { state: 'skipped' });
  same('finished in each state');
  const ca = store.counts(a);
  for (const st of ['pending', 'succeeded', 'failed', 'retrying', 'rejected', 'skipped'] as const) assert.ok(ca[st] > 0, st);

  // Running with progress (one at 0/0, one part-way, one past its units), and a re-check that changes a deck's units.
  const r1 = claim();
  const r2 = claim();
  const r3 = claim();
  store.heartbeat(r2.job.id, r2.token, 30_000, { done: 2, total: 5 });
  store.heartbeat(r3.job.id, r3.token, 30_000, { done: 9, total: 4 });
  assert.ok(store.updatePreflight(r1.job.id, r1.token, preflight, 11));
  same('running with progress');
  assert.equal(store.counts(a).running, 3);
  assert.ok(oldUnitsDone(db, a).done > 0);

  store.release(r1.job.id, r1.token, 'stop');
  assert.ok(store.retryFailed(a) >= 1);
  same('released and retried');

  // A job left running by a dead engine, recovered at start-up.
  db.prepare(`UPDATE jobs SET state='running', owner_pid=?, owner_host=?, attempts=1, lease_token='x', progress_done=1, progress_total=2 WHERE id = ?`).run(2 ** 22 + 7, hostname(), r2.job.id);
  same('raw update to running');
  recoverQueue(store, { isAlive: () => false, stopIfSame: () => false, cleanupJob: () => {} });
  same('recovered');

  store.cancelRemaining(b);
  same('cancelled');
  assert.equal(store.counts(b).cancelled, 4);

  // Migration 012 on a queue that had none of it: the totals are filled from the rows.
  db.exec('DROP TRIGGER jobs_totals_insert; DROP TRIGGER jobs_totals_update; DROP TRIGGER jobs_totals_delete; DROP TABLE batch_state_totals; PRAGMA user_version = 11');
  db.close();
  db = openDatabase(file);
  store = new QueueStore(db);
  same('migrated');

  db.prepare('DELETE FROM batches WHERE id = ?').run(b);
  ids.splice(ids.indexOf(b), 1);
  same('a batch deleted');
  assert.equal((db.prepare('SELECT COUNT(*) AS n FROM batch_state_totals WHERE batch_id = ?').get(b) as { n: number }).n, 0);
  const plan = (db.prepare('EXPLAIN QUERY PLAN SELECT state, n FROM batch_state_totals WHERE batch_id = ?').all(a) as Array<{ detail: string }>).map((r) => r.detail).join(' ');
  assert.match(plan, /SEARCH batch_state_totals USING PRIMARY KEY/);
  db.close();
});
