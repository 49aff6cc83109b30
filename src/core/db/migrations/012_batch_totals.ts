/**
 * 012: each batch's job count and work units by state, kept by triggers on jobs (issue 11:
 * summaries are incremental counts, never a loop over decks). The engine asks for the counts and
 * the units done after every deck; reading them from jobs cost time in proportion to the batch
 * (a 100,000-deck batch: ~250 ms a deck). Triggers, not the queue's code, keep them, so every
 * write to jobs counts (claim, finish, retry, cancel, recovery, rejection, a migration's UPDATE,
 * a batch's cascading delete) in the same transaction as the write itself. A later migration that
 * rebuilds jobs (as 004 did) recreates these triggers with the table's other dependents; its
 * INSERT into the new table and DROP of the old fire none, so the totals stay as they were.
 */
export const up = `
CREATE TABLE batch_state_totals (
  batch_id  TEXT NOT NULL,
  state     TEXT NOT NULL,
  n         INTEGER NOT NULL,
  units     INTEGER NOT NULL,
  PRIMARY KEY (batch_id, state)
) STRICT, WITHOUT ROWID;

INSERT INTO batch_state_totals (batch_id, state, n, units)
  SELECT batch_id, state, COUNT(*), SUM(work_units) FROM jobs GROUP BY batch_id, state;

CREATE TRIGGER jobs_totals_insert AFTER INSERT ON jobs BEGIN
  INSERT INTO batch_state_totals (batch_id, state, n, units) VALUES (NEW.batch_id, NEW.state, 1, NEW.work_units)
    ON CONFLICT (batch_id, state) DO UPDATE SET n = n + 1, units = units + excluded.units;
END;

CREATE TRIGGER jobs_totals_update AFTER UPDATE OF batch_id, state, work_units ON jobs
  WHEN OLD.batch_id IS NOT NEW.batch_id OR OLD.state IS NOT NEW.state OR OLD.work_units IS NOT NEW.work_units
BEGIN
  UPDATE batch_state_totals SET n = n - 1, units = units - OLD.work_units WHERE batch_id = OLD.batch_id AND state = OLD.state;
  INSERT INTO batch_state_totals (batch_id, state, n, units) VALUES (NEW.batch_id, NEW.state, 1, NEW.work_units)
    ON CONFLICT (batch_id, state) DO UPDATE SET n = n + 1, units = units + excluded.units;
END;

CREATE TRIGGER jobs_totals_delete AFTER DELETE ON jobs BEGIN
  UPDATE batch_state_totals SET n = n - 1, units = units - OLD.work_units WHERE batch_id = OLD.batch_id AND state = OLD.state;
  DELETE FROM batch_state_totals WHERE batch_id = OLD.batch_id AND state = OLD.state AND n = 0;
END;
`;
