/**
 * 003: an engine's death is not the deck's fault (issue 8 §4).
 * engine_deaths counts how often AltDeck itself died with the deck in flight, a
 * counter apart from attempts with its own, generous cap. proc_exit is written the
 * moment a processor ends while the engine lives ({code, signal}): if the engine
 * then dies before committing the result, recovery knows the deck's own handling
 * was under way and charges the attempt.
 */
export const up = `
ALTER TABLE jobs ADD COLUMN engine_deaths INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN proc_exit TEXT;
`;
