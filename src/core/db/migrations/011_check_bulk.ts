/**
 * 011: which bulk approval made a decision on a checker finding (issue 13), so "Undo approval
 * of N findings" takes back that action as one, and nothing a person decided since.
 * NULL: a person's own decision (one finding or one group).
 */
export const up = `
ALTER TABLE check_decisions ADD COLUMN origin TEXT;
CREATE INDEX check_decisions_origin ON check_decisions (batch_id, origin) WHERE origin IS NOT NULL;
`;
