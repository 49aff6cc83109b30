/**
 * 008: the review index at 30,000 images (issue 11 §2). 007's group index did not
 * lead with what the first-member lookups filter on, and its decision triggers found
 * the group with a row-value comparison SQLite cannot answer from the primary key:
 * each decision scanned every group. Same counts, now from the indexes.
 */
const STANDING = (action: string) => `(CASE WHEN ${action} IS NULL THEN i.standing WHEN ${action} = 'reject' THEN i.standing_rejected ELSE 'done' END)`;

function countsDelta(row: 'NEW' | 'OLD', sign: 1 | -1): string {
  const s = sign === 1 ? '+' : '-';
  const a = `${row}.action`;
  const item = `FROM review_items i WHERE i.job_id = ${row}.job_id AND i.item_key = ${row}.item_key`;
  return `
  UPDATE review_job_counts SET
    reviewed = reviewed ${s} 1,
    approved = approved ${s} (${a} = 'approve'),
    edited = edited ${s} (${a} = 'edit'),
    decorative = decorative ${s} (${a} = 'decorative'),
    rejected = rejected ${s} (${a} = 'reject'),
    done = done ${s} (SELECT (${STANDING(a)} = 'done') - (${STANDING('NULL')} = 'done') ${item}),
    draft = draft ${s} (SELECT (${STANDING(a)} = 'draft') - (${STANDING('NULL')} = 'draft') ${item}),
    missing = missing ${s} (SELECT (${STANDING(a)} = 'missing') - (${STANDING('NULL')} = 'missing') ${item})
  WHERE job_id = ${row}.job_id AND EXISTS (SELECT 1 ${item} AND i.reviewable = 1);
  UPDATE review_groups SET decided = decided ${s} 1
  WHERE batch_id = ${row}.batch_id AND group_key = (SELECT i.group_key ${item} AND i.reviewable = 1);`;
}

export const up = `
DROP INDEX review_items_group;
CREATE INDEX review_items_group ON review_items (batch_id, group_key, reviewable, job_id, seq);
CREATE INDEX review_log_job ON review_log (job_id, origin);

DROP TRIGGER review_decisions_ins;
DROP TRIGGER review_decisions_del;
DROP TRIGGER review_decisions_upd;
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
