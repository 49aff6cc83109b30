/**
 * 006: output names are reserved in the database (issue 8 §3). Within a batch no
 * two jobs may hold the same output: the key is the output's real path (folded
 * to lower case on case-insensitive platforms), and the unique index makes the
 * reservation atomic for workers and the deck prepared ahead alike. Across
 * batches a name is guarded by the file itself (exclusive create).
 */
export const up = `
ALTER TABLE jobs ADD COLUMN output_key TEXT;
CREATE UNIQUE INDEX jobs_output_key ON jobs (batch_id, output_key) WHERE output_key IS NOT NULL;
`;
