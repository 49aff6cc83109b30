/**
 * 007: review at the scale of a school (issue 11). Every processed deck's images are
 * indexed once into review_items (the Review screen never parses job results again);
 * identical images share a group key (their content hash) and are decided once;
 * decision_library carries a group's decision into later batches; the counts every
 * summary shows are kept by triggers, so no screen loops over decks to add them up.
 *
 * A job's result written again (a retry, a re-run) drops it from review_indexed: it is
 * indexed afresh the next time the batch is read.
 */
const STANDING = (action: string) => `(CASE WHEN ${action} IS NULL THEN i.standing WHEN ${action} = 'reject' THEN i.standing_rejected ELSE 'done' END)`;

/** Adds (sign +1) or removes (-1) one decision from its deck's and its group's counts. */
function countsDelta(row: 'NEW' | 'OLD', sign: 1 | -1): string {
  const s = sign === 1 ? '+' : '-';
  const a = `${row}.action`;
  return `
  UPDATE review_job_counts SET
    reviewed = reviewed ${s} 1,
    approved = approved ${s} (${a} = 'approve'),
    edited = edited ${s} (${a} = 'edit'),
    decorative = decorative ${s} (${a} = 'decorative'),
    rejected = rejected ${s} (${a} = 'reject'),
    done = done ${s} (SELECT (${STANDING(a)} = 'done') - (${STANDING('NULL')} = 'done') FROM review_items i WHERE i.job_id = ${row}.job_id AND i.item_key = ${row}.item_key),
    draft = draft ${s} (SELECT (${STANDING(a)} = 'draft') - (${STANDING('NULL')} = 'draft') FROM review_items i WHERE i.job_id = ${row}.job_id AND i.item_key = ${row}.item_key),
    missing = missing ${s} (SELECT (${STANDING(a)} = 'missing') - (${STANDING('NULL')} = 'missing') FROM review_items i WHERE i.job_id = ${row}.job_id AND i.item_key = ${row}.item_key)
  WHERE job_id = ${row}.job_id AND EXISTS (SELECT 1 FROM review_items i WHERE i.job_id = ${row}.job_id AND i.item_key = ${row}.item_key AND i.reviewable = 1);
  UPDATE review_groups SET decided = decided ${s} 1
  WHERE (batch_id, group_key) = (SELECT i.batch_id, i.group_key FROM review_items i WHERE i.job_id = ${row}.job_id AND i.item_key = ${row}.item_key AND i.reviewable = 1);`;
}

export const up = `
CREATE TABLE review_items (
  job_id        INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  item_key      TEXT NOT NULL,
  batch_id      TEXT NOT NULL,
  seq           INTEGER NOT NULL,
  group_key     TEXT NOT NULL,
  reviewable    INTEGER NOT NULL,
  needs_review  INTEGER NOT NULL,
  clinical      INTEGER NOT NULL,
  source        TEXT NOT NULL,
  -- a proposal bulk approval may take: text that is not a placeholder, not a candidate for decorative
  bulk_ok       INTEGER NOT NULL,
  slide         INTEGER NOT NULL,
  standing          TEXT NOT NULL,
  standing_rejected TEXT NOT NULL,
  item          TEXT NOT NULL,
  reasons       TEXT NOT NULL,
  PRIMARY KEY (job_id, item_key)
) STRICT;
CREATE INDEX review_items_batch ON review_items (batch_id, reviewable, job_id, seq);
CREATE INDEX review_items_group ON review_items (batch_id, group_key, job_id, seq);

CREATE TABLE review_indexed (
  job_id   INTEGER PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
  batch_id TEXT NOT NULL
) STRICT;
CREATE INDEX review_indexed_batch ON review_indexed (batch_id);

CREATE TRIGGER jobs_result_reindex AFTER UPDATE OF result ON jobs
BEGIN
  DELETE FROM review_indexed WHERE job_id = NEW.id;
END;

CREATE TABLE review_job_counts (
  job_id       INTEGER PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
  batch_id     TEXT NOT NULL,
  items        INTEGER NOT NULL,
  needs_review INTEGER NOT NULL,
  reviewed     INTEGER NOT NULL,
  approved     INTEGER NOT NULL,
  edited       INTEGER NOT NULL,
  decorative   INTEGER NOT NULL,
  rejected     INTEGER NOT NULL,
  done         INTEGER NOT NULL,
  draft        INTEGER NOT NULL,
  missing      INTEGER NOT NULL
) STRICT;
CREATE INDEX review_job_counts_batch ON review_job_counts (batch_id);

CREATE TABLE review_groups (
  batch_id     TEXT NOT NULL,
  group_key    TEXT NOT NULL,
  members      INTEGER NOT NULL,
  decided      INTEGER NOT NULL,
  decks        INTEGER NOT NULL,
  needs_review INTEGER NOT NULL,
  clinical     INTEGER NOT NULL,
  source       TEXT NOT NULL,
  first_job    INTEGER NOT NULL,
  first_key    TEXT NOT NULL,
  first_seq    INTEGER NOT NULL,
  PRIMARY KEY (batch_id, group_key)
) STRICT;
CREATE INDEX review_groups_impact ON review_groups (batch_id, members DESC, first_job, first_seq);

-- a member a reviewer split off its group keeps its own decision, also after re-indexing
CREATE TABLE review_splits (
  job_id   INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  item_key TEXT NOT NULL,
  PRIMARY KEY (job_id, item_key)
) STRICT;

CREATE TABLE decision_library (
  group_key   TEXT PRIMARY KEY,
  action      TEXT NOT NULL CHECK (action IN ('approve','edit','decorative','reject')),
  text        TEXT,
  reviewer    TEXT,
  decided_at  INTEGER NOT NULL,
  batch_id    TEXT NOT NULL
) STRICT;

ALTER TABLE review_decisions ADD COLUMN origin TEXT NOT NULL DEFAULT 'local';
CREATE INDEX review_decisions_origin ON review_decisions (batch_id, origin);

CREATE TRIGGER review_decisions_ins AFTER INSERT ON review_decisions
BEGIN${countsDelta('NEW', 1)}
END;
CREATE TRIGGER review_decisions_del AFTER DELETE ON review_decisions
BEGIN${countsDelta('OLD', -1)}
END;
CREATE TRIGGER review_decisions_upd AFTER UPDATE OF action ON review_decisions
BEGIN${countsDelta('OLD', -1)}${countsDelta('NEW', 1)}
END;
`;
