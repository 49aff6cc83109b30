/**
 * 009: review decisions on checker findings (issue 13): a proposed slide title, header row,
 * reading order or link text approved, edited or rejected, saved the moment it is made.
 * Keyed by the finding's key (`rule|part#target`, src/shared/checker.ts findingKey).
 */
export const up = `
CREATE TABLE check_decisions (
  job_id      INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  finding_key TEXT NOT NULL,
  batch_id    TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('approve','edit','reject')),
  text        TEXT,
  reviewer    TEXT,
  decided_at  INTEGER NOT NULL,
  PRIMARY KEY (job_id, finding_key)
) STRICT;

CREATE INDEX check_decisions_batch ON check_decisions (batch_id);
`;
