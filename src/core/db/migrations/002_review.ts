/**
 * 002: review decisions (issue "Review and approve"). A decision is saved the
 * moment a reviewer makes it; review_log keeps every change, so two reviewers'
 * work can be merged and audited. Apply batches carry each deck's decisions in
 * jobs.decisions so a crash between creating and running them loses nothing.
 */
export const up = `
CREATE TABLE review_decisions (
  job_id      INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  item_key    TEXT NOT NULL,
  batch_id    TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('approve','edit','decorative','reject')),
  text        TEXT,
  reviewer    TEXT,
  decided_at  INTEGER NOT NULL,
  PRIMARY KEY (job_id, item_key)
) STRICT;

CREATE INDEX review_decisions_batch ON review_decisions (batch_id);

CREATE TABLE review_log (
  id          INTEGER PRIMARY KEY,
  job_id      INTEGER NOT NULL,
  item_key    TEXT NOT NULL,
  action      TEXT NOT NULL,
  text        TEXT,
  reviewer    TEXT,
  at          INTEGER NOT NULL,
  origin      TEXT NOT NULL DEFAULT 'local'
) STRICT;

ALTER TABLE batches ADD COLUMN kind TEXT NOT NULL DEFAULT 'process';
ALTER TABLE batches ADD COLUMN parent_batch_id TEXT;
ALTER TABLE jobs ADD COLUMN decisions TEXT;
`;
