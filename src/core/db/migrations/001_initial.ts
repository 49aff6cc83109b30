/**
 * 001: batches, jobs, job_events (DESIGN.md §3). STRICT tables so a bad write
 * fails loudly instead of storing a string where a number belongs.
 */
export const up = `
CREATE TABLE batches (
  id            TEXT PRIMARY KEY,
  created_at    INTEGER NOT NULL,
  started_at    INTEGER,
  finished_at   INTEGER,
  state         TEXT NOT NULL CHECK (state IN ('active','paused','completed','aborted','interrupted')),
  settings      TEXT NOT NULL,
  reason        TEXT,
  active_ms     INTEGER NOT NULL DEFAULT 0,
  owner_pid     INTEGER,
  owner_host    TEXT,
  heartbeat_at  INTEGER
) STRICT;

CREATE TABLE jobs (
  id               INTEGER PRIMARY KEY,
  batch_id         TEXT NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
  seq              INTEGER NOT NULL,
  input_path       TEXT NOT NULL,
  rel_path         TEXT NOT NULL,
  fp_size          INTEGER,
  fp_mtime_ms      REAL,
  fp_sha256        TEXT,
  settings_key     TEXT NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('pending','running','retrying','succeeded','failed','skipped','cancelled')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  max_attempts     INTEGER NOT NULL,
  lock_waits       INTEGER NOT NULL DEFAULT 0,
  run_after        INTEGER,
  lease_token      TEXT,
  lease_expires_at INTEGER,
  heartbeat_at     INTEGER,
  owner_pid        INTEGER,
  owner_host       TEXT,
  proc_pid         INTEGER,
  proc_start       TEXT,
  progress_done    INTEGER NOT NULL DEFAULT 0,
  progress_total   INTEGER NOT NULL DEFAULT 0,
  work_units       INTEGER NOT NULL DEFAULT 0,
  output_path      TEXT,
  preflight        TEXT,
  result           TEXT,
  error_code       TEXT,
  error_message    TEXT,
  error_exit_code  INTEGER,
  error_signal     TEXT,
  error_stderr     TEXT,
  error_detail     TEXT,
  created_at       INTEGER NOT NULL,
  started_at       INTEGER,
  finished_at      INTEGER,
  updated_at       INTEGER NOT NULL,
  duration_ms      INTEGER
) STRICT;

CREATE INDEX jobs_claim ON jobs (batch_id, state, seq);
CREATE INDEX jobs_retry ON jobs (batch_id, state, run_after) WHERE state = 'retrying';
CREATE INDEX jobs_running ON jobs (state) WHERE state = 'running';
CREATE INDEX jobs_done_fp ON jobs (fp_sha256, settings_key) WHERE state = 'succeeded';

CREATE TABLE job_events (
  id          INTEGER PRIMARY KEY,
  job_id      INTEGER NOT NULL,
  batch_id    TEXT NOT NULL,
  at          INTEGER NOT NULL,
  from_state  TEXT,
  to_state    TEXT NOT NULL,
  details     TEXT
) STRICT;

CREATE INDEX job_events_job ON job_events (job_id);
`;
