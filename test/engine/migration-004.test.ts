import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../src/core/db/open';
import { LATEST_VERSION } from '../../src/core/db/migrations';
import { QueueStore } from '../../src/core/queue/store';
import { tempDir } from '../helpers/tmp';

const BATCH = '20261122_141500_1a2b3c4d';
const refused = JSON.stringify({ ok: false, path: '/d/old.ppt', code: 'LEGACY_PPT', message: 'old' });
const accepted = JSON.stringify({ ok: true, path: '/d/a.pptx', code: 'OK', size: 1, mtimeMs: 1, audit: {}, warnings: [] });

/** A queue as AltDeck wrote it before migration 4: rejects stored as failed with attempts 0. */
function oldQueue(file: string): void {
  const db = openDatabase(file, { latestVersion: 3 });
  db.prepare("INSERT INTO batches (id, created_at, state, settings, active_ms) VALUES (?, 1, 'paused', '{}', 4321)").run(BATCH);
  const ins = db.prepare(
    `INSERT INTO jobs (id, batch_id, seq, input_path, rel_path, settings_key, state, attempts, max_attempts, preflight, error_code, error_message, created_at, updated_at, fp_sha256)
     VALUES (?, ?, ?, ?, ?, 'k', ?, ?, 3, ?, ?, 'msg', 1, 1, ?)`,
  );
  ins.run(10, BATCH, 0, '/d/old.ppt', 'old.ppt', 'failed', 0, refused, 'LEGACY_PPT', null);
  ins.run(11, BATCH, 1, '/d/a.pptx', 'a.pptx', 'failed', 3, accepted, 'PROCESSOR_CRASHED', null);
  ins.run(12, BATCH, 2, '/d/open.pptx', 'open.pptx', 'failed', 0, refused.replace('LEGACY_PPT', 'LOCKED_BY_OFFICE'), 'LOCKED_BY_OFFICE', null);
  ins.run(13, BATCH, 3, '/d/b.pptx', 'b.pptx', 'succeeded', 1, accepted, null, 'abc');
  ins.run(14, BATCH, 4, '/d/c.pptx', 'c.pptx', 'pending', 0, accepted, null, null);
  // A review decision on a job: the rebuild must not cascade-delete it.
  db.prepare("INSERT INTO review_decisions (job_id, item_key, batch_id, action, decided_at) VALUES (13, 'k1', ?, 'approve', 1)").run(BATCH);
  db.prepare("INSERT INTO job_events (job_id, batch_id, at, from_state, to_state) VALUES (13, ?, 1, 'running', 'succeeded')").run(BATCH);
  // A column another branch's migration might have added before this one ran.
  db.exec('ALTER TABLE jobs ADD COLUMN sibling_extra TEXT');
  db.prepare("UPDATE jobs SET sibling_extra = 'kept' WHERE id = 13").run();
  db.close();
}

test('migration 4: jobs rebuilt with the rejected state; every row, column, index and review decision kept; old rejects become rejected', (t) => {
  const file = join(tempDir(t), 'altdeck.db');
  oldQueue(file);
  const before = new Database(file, { readonly: true });
  const indexesBefore = (before.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'jobs' AND sql IS NOT NULL ORDER BY name").all());
  const rowsBefore = before.prepare('SELECT * FROM jobs ORDER BY id').all() as Array<Record<string, unknown>>;
  before.close();

  // Up to migration 4 only: later migrations may add columns of their own.
  const db = openDatabase(file, { latestVersion: 4 });
  t.after(() => db.open && db.close());
  assert.equal(db.pragma('user_version', { simple: true }), 4);
  const rows = db.prepare('SELECT * FROM jobs ORDER BY id').all() as Array<Record<string, unknown>>;
  assert.equal(rows.length, rowsBefore.length);
  rows.forEach((r, i) => {
    const expected = { ...rowsBefore[i], state: r.id === 10 ? 'rejected' : rowsBefore[i].state };
    assert.deepEqual(r, expected, `job ${r.id} kept column for column`);
  });
  assert.equal(rows.find((r) => r.id === 11)!.state, 'failed', 'a deck a processor failed on stays failed');
  assert.equal(rows.find((r) => r.id === 12)!.state, 'failed', 'a deck that stayed open in PowerPoint was queued work: it stays failed');
  assert.equal(rows.find((r) => r.id === 13)!.sibling_extra, 'kept');
  assert.deepEqual(db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'jobs' AND sql IS NOT NULL ORDER BY name").all(), indexesBefore);
  assert.equal((db.prepare('SELECT COUNT(*) AS n FROM review_decisions').get() as { n: number }).n, 1, 'review decision survived the rebuild');
  assert.deepEqual(db.pragma('foreign_key_check'), []);
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1, 'foreign keys back on');
  // The transition is in the log like any other.
  const ev = db.prepare('SELECT from_state, to_state FROM job_events WHERE job_id = 10').all();
  assert.deepEqual(ev, [{ from_state: 'failed', to_state: 'rejected' }]);
  // The constraint still holds, now with rejected.
  assert.throws(() => db.prepare("UPDATE jobs SET state = 'bogus' WHERE id = 14").run(), /CHECK constraint/);
  db.prepare("UPDATE jobs SET state = 'rejected' WHERE id = 14").run();
  // Foreign keys still enforced from review_decisions to the rebuilt jobs table.
  assert.throws(() => db.prepare("INSERT INTO review_decisions (job_id, item_key, batch_id, action, decided_at) VALUES (999, 'k', ?, 'approve', 1)").run(BATCH), /FOREIGN KEY/);

  // Today's store reads today's schema: the rest of the way up (012 counts the old rows into its totals).
  db.close();
  const latest = openDatabase(file);
  t.after(() => latest.close());
  assert.equal(latest.pragma('user_version', { simple: true }), LATEST_VERSION);
  const store = new QueueStore(latest);
  const b = store.getBatch(BATCH)!;
  assert.equal(b.counts.rejected, 2);
  assert.equal(b.counts.failed, 2);
  assert.equal(b.activeMs, 4321);
  // batch_events exists and records.
  store.batchEvent(BATCH, 'test', { a: 1 });
  assert.deepEqual(store.batchEvents(BATCH).map((e) => e.kind), ['test']);
  // Retry failed never touches rejected decks, and --code narrows it.
  assert.equal(store.retryFailed(BATCH, 'LOCKED_BY_OFFICE'), 1);
  assert.equal(store.getJob(12)!.state, 'pending');
  assert.equal(store.retryFailed(BATCH), 1);
  assert.equal(store.getJob(11)!.state, 'pending');
  assert.equal(store.getJob(10)!.state, 'rejected');
});

test('migration 4 on a fresh database and on one already at the latest version', (t) => {
  const file = join(tempDir(t), 'altdeck.db');
  openDatabase(file).close();
  const db = openDatabase(file);
  t.after(() => db.close());
  assert.equal(db.pragma('user_version', { simple: true }), LATEST_VERSION);
  const sql = (db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'jobs'").get() as { sql: string }).sql;
  assert.match(sql, /'rejected'/);
  assert.equal((sql.match(/'rejected'/g) ?? []).length, 1);
});
