/**
 * 005: what vision models said, so a retry, a resumed deck or the same logo in
 * 2,000 decks asks the model once (issue 9 §5). Keyed by the picture's content
 * hash, the model, the prompt version and the output language; the model's raw
 * answer is kept, and cleaned each time it is used (better cleaning applies to
 * old answers too). model_server_slots holds one row per request in flight to a
 * server, so processors in several subprocesses send one request at a time.
 */
export const up = `
CREATE TABLE model_descriptions (
  image_sha256    TEXT NOT NULL,
  model           TEXT NOT NULL,
  prompt_version  TEXT NOT NULL,
  language        TEXT NOT NULL,
  answer          TEXT NOT NULL,
  truncated       INTEGER NOT NULL DEFAULT 0,
  server          TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  used_at         INTEGER NOT NULL,
  hits            INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (image_sha256, model, prompt_version, language)
) STRICT;

CREATE TABLE model_server_slots (
  server      TEXT NOT NULL,
  slot        INTEGER NOT NULL,
  owner       TEXT NOT NULL,
  host        TEXT NOT NULL,
  pid         INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  PRIMARY KEY (server, slot)
) STRICT;
`;
