/**
 * 010: the batch's decision totals kept by triggers (issue 11 §2: counts are incremental,
 * never a scan), and a mark that a batch's review index is current, so a keystroke does
 * not re-check 2,000 jobs for results not yet indexed. Writing a job's result clears it.
 */
export const up = `
CREATE TABLE review_group_totals (
  batch_id TEXT PRIMARY KEY,
  groups   INTEGER NOT NULL,
  decided  INTEGER NOT NULL
) STRICT;

INSERT INTO review_group_totals (batch_id, groups, decided)
  SELECT batch_id, COUNT(*), SUM(decided = members) FROM review_groups GROUP BY batch_id;

CREATE TRIGGER review_groups_ins AFTER INSERT ON review_groups
BEGIN
  INSERT INTO review_group_totals (batch_id, groups, decided) VALUES (NEW.batch_id, 1, NEW.decided = NEW.members)
  ON CONFLICT (batch_id) DO UPDATE SET groups = groups + 1, decided = decided + (NEW.decided = NEW.members);
END;
CREATE TRIGGER review_groups_del AFTER DELETE ON review_groups
BEGIN
  UPDATE review_group_totals SET groups = groups - 1, decided = decided - (OLD.decided = OLD.members) WHERE batch_id = OLD.batch_id;
END;
CREATE TRIGGER review_groups_upd AFTER UPDATE OF decided, members ON review_groups
BEGIN
  UPDATE review_group_totals SET decided = decided - (OLD.decided = OLD.members) + (NEW.decided = NEW.members) WHERE batch_id = NEW.batch_id;
END;

CREATE TABLE review_fresh (
  batch_id TEXT PRIMARY KEY
) STRICT;

CREATE TRIGGER jobs_result_stale AFTER UPDATE OF result ON jobs
BEGIN
  DELETE FROM review_fresh WHERE batch_id = NEW.batch_id;
END;
CREATE TRIGGER jobs_insert_stale AFTER INSERT ON jobs WHEN NEW.result IS NOT NULL
BEGIN
  DELETE FROM review_fresh WHERE batch_id = NEW.batch_id;
END;
`;
