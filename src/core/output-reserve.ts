/**
 * Claiming an output name (issue 8 §3): two decks never share an output, and no
 * output is ever written onto an input. A name is held twice over: by the
 * database (a unique index per batch, so the workers and the deck prepared ahead
 * of them cannot pick the same free name) and by the file system (an empty
 * placeholder created exclusively, so another AltDeck writing to the same folder
 * cannot either). The processor's rename replaces the placeholder.
 */
import { closeSync, lstatSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { identityOf, realPath } from './file-identity';
import { numberedName as numberedFileName } from './file-names';
import { fsPath } from './fs-path';

/** Case-insensitive by default there (Windows, macOS); elsewhere the exclusive create catches a case clash. */
const FOLD_CASE = process.platform === 'win32' || process.platform === 'darwin';

/** The database key of an output name: its real path, folded where the volume ignores case. */
export function outputKey(path: string): string {
  const real = join(realPath(dirname(path)), basename(path)).normalize('NFC');
  return FOLD_CASE ? real.toLowerCase() : real;
}

/** `deck.pptx`, `deck (2).pptx`, `deck (3).pptx`… (a stem too long for the number is shortened: file-names.ts) */
export function numberedName(path: string, n: number): string {
  return n < 2 ? path : numberedFileName(path, n);
}

export interface Reservation {
  path: string;
  /** Identity of the placeholder we created, or null when an existing file stands in (replace, retry). */
  placeholder: string | null;
}

export interface ReserveOptions {
  desired: string;
  replace: boolean;
  /** True when the path is (by identity) an input of the batch: never written onto. */
  isInput(path: string): boolean;
  /** The database side: 'taken' when another job of the batch holds the name. */
  claim(path: string, key: string): 'ok' | 'taken' | 'lease-lost';
}

function exists(path: string): boolean {
  try {
    lstatSync(fsPath(path));
    return true;
  } catch {
    return false;
  }
}

/** Exclusive create of an empty file; false when something is already there. */
export function createPlaceholder(path: string): string | null {
  mkdirSync(fsPath(dirname(path)), { recursive: true });
  try {
    closeSync(openSync(fsPath(path), 'wx'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw e;
  }
  return identityOf(path);
}

/** The first free name from `desired` on, held in the database and on disk; null when the lease was lost. */
export function reserveOutput(o: ReserveOptions): Reservation | null {
  for (let n = 1; n < 10_000; n++) {
    const path = numberedName(o.desired, n);
    if (exists(path)) {
      // Replace only a real file that is not one of the batch's inputs (nor a link to one).
      if (!o.replace || o.isInput(path) || !isPlainFile(path)) continue;
      const r = o.claim(path, outputKey(path));
      if (r === 'lease-lost') return null;
      if (r === 'ok') return { path, placeholder: null };
      continue;
    }
    const r = o.claim(path, outputKey(path));
    if (r === 'lease-lost') return null;
    if (r === 'taken') continue;
    const id = createPlaceholder(path);
    if (id) return { path, placeholder: id };
    // Someone created it between our look and our create: the next name.
  }
  throw new Error(`no free output name for ${o.desired}`);
}

function isPlainFile(path: string): boolean {
  try {
    return lstatSync(fsPath(path)).isFile();
  } catch {
    return false;
  }
}

/** An empty file where an output belongs is our placeholder (no deck is 0 bytes): remove it. */
export function removePlaceholder(path: string | null): void {
  if (!path) return;
  try {
    const st = lstatSync(fsPath(path));
    if (st.isFile() && st.size === 0) rmSync(fsPath(path), { force: true });
  } catch {
    /* nothing there */
  }
}

/** Size of what is at the output path (0 for our untouched placeholder), or null when nothing is. */
export function outputSize(path: string): number | null {
  try {
    return statSync(fsPath(path)).size;
  } catch {
    return null;
  }
}
