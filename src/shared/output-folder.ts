/** Names AltDeck gives the folders it writes, so scans can recognise (and skip) them. */
export const DEFAULT_OUTPUT_FOLDER = 'altdeck-output';
/** Inside every real batch's output folder; a folder holding one is an AltDeck output folder. */
export const REPORTS_FOLDER = 'altdeck-reports';
