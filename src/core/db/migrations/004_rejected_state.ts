/**
 * 004: the `rejected` job state (issue 8 §1) and batch_events.
 *
 * Until now a file the check refused was stored as `failed` with attempts 0, so
 * `failed` meant two things and the error threshold counted bad files as failures.
 * SQLite cannot alter a CHECK constraint, so jobs is rebuilt: the new table is made
 * from the stored CREATE statement of the current one (only the state list changes),
 * so every column, including any added by a later-numbered sibling branch's
 * ALTER TABLE before this ran, every row (same ids) and every index and trigger
 * are kept. It runs with foreign keys off (see open.ts), as SQLite's documented
 * rebuild procedure requires: with them on, dropping the old jobs table would
 * cascade-delete review decisions.
 *
 * Existing rejects become `rejected`: failed, never attempted, with a refused
 * preflight. A deck that failed because it stayed open in PowerPoint also has
 * attempts 0 and a refused re-check, but it was queued work and a retry can
 * succeed once it is closed: it stays `failed`.
 *
 * batch_events: batch-level history (settings changed at resume, retries), the
 * counterpart of job_events for things that are not one job's transition.
 */
import type { Db } from '../open';

const STATE_CHECK = /CHECK\s*\(\s*state\s+IN\s*\(([^)]*)\)\s*\)/g;

export function up(db: Db): void {
  const table = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'jobs'").get() as { sql: string } | undefined;
  if (!table) throw new Error('migration 004: the jobs table is missing');
  const checks = [...table.sql.matchAll(STATE_CHECK)];
  if (checks.length !== 1) throw new Error(`migration 004: expected one CHECK on jobs.state, found ${checks.length}`);
  const states = checks[0][1];
  const createNew = table.sql
    .replace(STATE_CHECK, `CHECK (state IN (${states.includes("'rejected'") ? states : `${states},'rejected'`}))`)
    .replace(/^CREATE TABLE\s+("?)jobs\1/i, 'CREATE TABLE jobs_new');
  if (!createNew.startsWith('CREATE TABLE jobs_new')) throw new Error('migration 004: unexpected CREATE statement for jobs');
  const dependents = db
    .prepare("SELECT sql FROM sqlite_schema WHERE tbl_name = 'jobs' AND type IN ('index', 'trigger') AND sql IS NOT NULL")
    .all() as Array<{ sql: string }>;
  const before = (db.prepare('SELECT COUNT(*) AS n FROM jobs').get() as { n: number }).n;

  db.exec(createNew);
  db.exec('INSERT INTO jobs_new SELECT * FROM jobs');
  db.exec('DROP TABLE jobs');
  db.exec('ALTER TABLE jobs_new RENAME TO jobs');
  for (const d of dependents) db.exec(d.sql);
  const after = (db.prepare('SELECT COUNT(*) AS n FROM jobs').get() as { n: number }).n;
  if (after !== before) throw new Error(`migration 004: ${before} jobs before the rebuild, ${after} after`);

  const now = Date.now();
  const rejects = db
    .prepare(
      `SELECT id, batch_id, error_code FROM jobs
        WHERE state = 'failed' AND attempts = 0 AND json_extract(preflight, '$.ok') = 0
          AND COALESCE(error_code, '') NOT IN ('LOCKED_BY_OFFICE', 'LOCKED_BY_OTHER')`,
    )
    .all() as Array<{ id: number; batch_id: string; error_code: string | null }>;
  const mark = db.prepare("UPDATE jobs SET state = 'rejected' WHERE id = ?");
  const event = db.prepare("INSERT INTO job_events (job_id, batch_id, at, from_state, to_state, details) VALUES (?,?,?,'failed','rejected',?)");
  for (const r of rejects) {
    mark.run(r.id);
    event.run(r.id, r.batch_id, now, JSON.stringify({ reason: 'migration 004: refused by the check, never processed', code: r.error_code }));
  }

  db.exec(`
CREATE TABLE batch_events (
  id        INTEGER PRIMARY KEY,
  batch_id  TEXT NOT NULL,
  at        INTEGER NOT NULL,
  kind      TEXT NOT NULL,
  details   TEXT
) STRICT;
CREATE INDEX batch_events_batch ON batch_events (batch_id, id);
`);
}
