/**
 * Every error a user can meet (DESIGN.md §5), with the sentence the UI, CLI and
 * reports show. Keep the sentence about *what happened and what to do*: these
 * are read by coordinators, not developers.
 */
/** Preflight verdicts that depend on the file's bytes alone (verdict-cache.ts keeps them while the file is unchanged). */
export const CONTENT_CODES = [
  'EMPTY_FILE',
  'WRONG_EXTENSION',
  'NOT_ZIP',
  'TRUNCATED_ZIP',
  'ENCRYPTED',
  'LEGACY_PPT',
  'NOT_PPTX',
  'ZIP_BOMB',
  'TOO_LARGE',
] as const;

export const PREFLIGHT_CODES = [
  'NOT_FOUND',
  'NOT_A_FILE',
  'NOT_READABLE',
  ...CONTENT_CODES,
  'LOCKED_BY_OFFICE',
  'LOCKED_BY_OTHER',
  'CHANGED_SINCE_PREFLIGHT',
] as const;

export const PROCESSING_CODES = [
  'PROCESSOR_FAILED',
  'PROCESSOR_TIMEOUT',
  'PROCESSOR_CRASHED',
  'OUTPUT_INVALID',
  'OUTPUT_EXISTS',
  'CRASH_LOOP',
  'SIGNED_DECK',
  'ALREADY_DONE',
  'CANCELLED',
  'LOW_DISK',
  'OUTPUT_MISSING',
  'OUTPUT_OVERLAPS_INPUT',
  'ENGINE_CRASH_LOOP',
  'OUTPUT_NOT_WRITABLE',
  'HOME_FULL',
  'DB_BUSY',
  'DB_ERROR',
] as const;

export type PreflightCode = (typeof PREFLIGHT_CODES)[number];
export type ProcessingCode = (typeof PROCESSING_CODES)[number];
export type ErrorCode = PreflightCode | ProcessingCode;

export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  NOT_FOUND: 'The file does not exist (it may have been moved or renamed). Check the path and add it again.',
  NOT_A_FILE: 'This is not a regular file. Add the deck itself, or a folder to search for decks.',
  NOT_READABLE: 'AltDeck is not allowed to read this file. Ask for read access, or copy the deck to a folder you can read.',
  EMPTY_FILE: 'The file is empty (0 bytes), probably from an interrupted copy. Copy the deck again from its source.',
  WRONG_EXTENSION: 'This is not a PowerPoint deck (.pptx, .pptm, .ppsx, .potx). Only PowerPoint files are processed.',
  NOT_ZIP: 'The file has a PowerPoint name but is not a PowerPoint file inside. Open it in PowerPoint and save it again as .pptx.',
  TRUNCATED_ZIP: 'The file is incomplete or damaged (the end of the file is missing). Copy it again, or open it in PowerPoint to repair it and save a new copy.',
  ENCRYPTED: 'The deck is password-protected. Open it in PowerPoint, remove the password (File > Info > Protect Presentation) and save a copy.',
  LEGACY_PPT: 'This is an old binary PowerPoint file (.ppt, 97-2003). Open it in PowerPoint and save it as .pptx, then add the new file.',
  NOT_PPTX: 'The file is a ZIP archive but not a PowerPoint deck (no presentation inside). Check that it is the right file.',
  ZIP_BOMB: 'The file claims to unpack to an absurd size, a sign of a damaged or malicious file. It was not opened; check where it came from.',
  TOO_LARGE: 'The deck is larger than the configured limit. Compress its pictures in PowerPoint (File > Compress Pictures) or raise the limit in Settings.',
  LOCKED_BY_OFFICE: 'The deck is open in PowerPoint or LibreOffice. Close it there; AltDeck retries it later in the batch.',
  LOCKED_BY_OTHER: 'Another AltDeck (on this or another computer) is working on this deck. It is retried later in the batch.',
  CHANGED_SINCE_PREFLIGHT: 'The deck changed after it was checked. It was checked again before processing.',
  PROCESSOR_FAILED: 'The processor could not handle this deck. See the details below; retry it, or fix the deck in PowerPoint.',
  PROCESSOR_TIMEOUT: 'Processing took longer than the time limit and was stopped. Raise the time limit in Settings for very large decks, then retry.',
  PROCESSOR_CRASHED: 'The processor stopped unexpectedly. AltDeck retries it automatically; if it keeps happening, send the log to support.',
  OUTPUT_INVALID: 'The processor produced a file that is not a valid deck, so it was discarded. The original is untouched; retry or report it.',
  OUTPUT_EXISTS: 'A file with the output name already exists and replacing was not allowed. A new name was chosen, or choose another output folder.',
  CRASH_LOOP: 'The processor crashed on this deck several times in a row, so AltDeck stopped trying. Send the deck and the log to support.',
  SIGNED_DECK: 'The deck is digitally signed; changing it would break the signature. It was left as it is. Remove the signature in PowerPoint to process it.',
  ALREADY_DONE: 'This exact deck was already processed with the same settings, so it was skipped. Use "force" to process it again.',
  CANCELLED: 'The deck was cancelled before it was processed.',
  OUTPUT_MISSING:
    'The processor reported success but wrote no output file, so the deck does not count as done. The original is untouched; retry it, or check that the processor writes the file named by --output.',
  OUTPUT_OVERLAPS_INPUT:
    'The output folder is, contains, or lies inside a folder being processed, so outputs could land on or among the original decks. Choose an output folder outside the input folders (the default altdeck-output folder is fine).',
  LOW_DISK: 'The output drive is nearly full, so the batch was paused. Free some space or choose another output folder, then resume.',
  ENGINE_CRASH_LOOP:
    'AltDeck itself stopped unexpectedly many times while this deck was in progress, so it is no longer tried automatically. If nobody stopped AltDeck on purpose, send the deck and the log to support; otherwise use Retry failed.',
  OUTPUT_NOT_WRITABLE:
    'AltDeck cannot write to the output folder (it is read-only, missing, or on a drive that is not connected), so the batch was paused before any deck was tried. Choose another output folder or fix its permissions, then resume.',
  HOME_FULL:
    "The disk holding AltDeck's queue and logs is full, so the batch was paused. Nothing was lost. Free some space on that disk, then resume.",
  DB_BUSY:
    "Another program kept AltDeck's queue database locked for too long, so the batch was paused. Nothing was lost. Close the other program (another AltDeck, a backup or a database viewer), then resume.",
  DB_ERROR:
    "AltDeck could not read or write its queue database (a disk or network error), so the batch was paused. Nothing was lost that was saved. Check the disk holding AltDeck's data, then resume.",
};

export function describeError(code: ErrorCode): string {
  return ERROR_MESSAGES[code];
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, value);
}
