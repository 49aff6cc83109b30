/**
 * scanInputs: turns what the user dropped (files and folders) into the list of
 * decks to check. Folders are walked recursively; owner/lock files, hidden
 * folders, symlink loops, this batch's output folder and any earlier AltDeck
 * output folder (`altdeck-output`, or a folder holding `altdeck-reports`) are
 * skipped. Links are followed only to places inside the folders given: one link
 * to `/` must not turn a course folder into the whole disk. A deck reached by
 * several paths (links, the folder and the file both given) counts once, by
 * identity (device + inode).
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import type { Dirent, Stats } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { PreflightRejected } from '../../shared/types';
import { isOfficeOwnerFile } from '../locks/office';
import { extOf, isDeckName, isLegacyName } from './extensions';
import { rejected } from './preflight';
import { DEFAULT_OUTPUT_FOLDER } from '../../shared/output-folder';
import { ancestry, identityOf } from '../file-identity';
import { isAltDeckOutputFolder } from '../output-safety';
import { decodeFsName, fsPath } from '../fs-path';

export interface ScanResult {
  /** Absolute, sorted, deduplicated. */
  decks: string[];
  /** Explicit inputs that are missing / wrong extension / not a file; also legacy .ppt and unreadable folders met in a scan. */
  rejected: PreflightRejected[];
  /** Owner/lock files, non-deck files inside folders, our own output folder, hidden folders. */
  ignored: { path: string; reason: string }[];
}

export interface ScanOptions {
  /** Folders never entered, e.g. the output folder. */
  excludeDirs?: string[];
}

function ownerFileReason(name: string): string {
  return name.startsWith('~$') ? 'PowerPoint owner file (the deck is open in PowerPoint)' : 'LibreOffice lock file (the deck is open in LibreOffice)';
}

async function tryRealpath(p: string): Promise<string> {
  try {
    return decodeFsName(await realpath(fsPath(p), { encoding: 'buffer' }));
  } catch {
    return resolve(p);
  }
}

export async function scanInputs(inputs: string[], opts: ScanOptions = {}): Promise<ScanResult> {
  const decks = new Map<string, string>(); // identity → path as found
  const rejectedOut: PreflightRejected[] = [];
  const ignored: { path: string; reason: string }[] = [];
  const excluded = new Set(await Promise.all((opts.excludeDirs ?? []).map(tryRealpath)));
  const excludedIds = new Set((opts.excludeDirs ?? []).map(identityOf).filter((x): x is string => x !== null));
  const visitedDirs = new Set<string>();
  const linkedDirs: Array<[string, string]> = [];
  // Folders given as inputs: a link found in a scan may lead anywhere inside them, nowhere else.
  const rootIds = new Set<string>();
  for (const input of inputs) {
    const id = identityOf(resolve(input));
    if (id) rootIds.add(id);
  }
  const leadsInside = (path: string) => ancestry(path).some((id) => rootIds.has(id));

  const addDeck = async (path: string) => {
    const key = identityOf(path) ?? `path:${await tryRealpath(path)}`;
    const seen = decks.get(key);
    if (seen === undefined) decks.set(key, path);
    // Found by several paths: keep the one without links, so the output layout follows the real folders.
    else if ((await tryRealpath(seen)) !== seen && (await tryRealpath(path)) === path) decks.set(key, path);
  };

  const walk = async (dir: string, real: string): Promise<void> => {
    if (visitedDirs.has(real)) return; // a symlink loop or the same folder given twice
    visitedDirs.add(real);
    let entries: Array<Dirent & { name: string }>;
    try {
      // As bytes: a name that is not valid UTF-8 keeps its exact bytes (fs-path.ts) instead of becoming U+FFFD.
      entries = (await readdir(fsPath(dir) as Buffer, { withFileTypes: true, encoding: 'buffer' })).map((e) => Object.assign(e, { name: decodeFsName(e.name as unknown as Buffer) }) as unknown as Dirent & { name: string });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      rejectedOut.push(rejected(dir, code === 'ENOENT' ? 'NOT_FOUND' : 'NOT_READABLE', code ? `folder: ${code}` : 'folder'));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const path = join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        let st: Stats;
        try {
          st = await stat(fsPath(path));
        } catch {
          ignored.push({ path, reason: 'broken link' });
          continue;
        }
        isDir = st.isDirectory();
        isFile = st.isFile();
        if ((isDir || isFile) && !leadsInside(path)) {
          ignored.push({ path, reason: 'link to a place outside the folders given (not followed)' });
          continue;
        }
      }
      if (isDir) {
        if (e.name.startsWith('.')) {
          ignored.push({ path, reason: 'hidden folder' });
          continue;
        }
        const r = await tryRealpath(path);
        if (excluded.has(r) || excludedIds.has(identityOf(path) ?? '')) {
          ignored.push({ path, reason: 'excluded folder (AltDeck output)' });
          continue;
        }
        if (e.name === DEFAULT_OUTPUT_FOLDER || isAltDeckOutputFolder(path)) {
          ignored.push({ path, reason: 'an earlier AltDeck output folder' });
          continue;
        }
        if (visitedDirs.has(r)) {
          ignored.push({ path, reason: 'folder already scanned (link loop or duplicate)' });
          continue;
        }
        // A linked folder is walked after every real one, so a deck reached both ways keeps its real path.
        if (e.isSymbolicLink()) linkedDirs.push([path, r]);
        else await walk(path, r);
      } else if (isFile) {
        classifyFolderFile(path);
      } else {
        ignored.push({ path, reason: 'not a regular file' });
      }
    }
  };

  const pendingDecks: string[] = [];
  const classifyFolderFile = (path: string) => {
    const name = basename(path);
    if (isOfficeOwnerFile(name)) ignored.push({ path, reason: ownerFileReason(name) });
    else if (name.startsWith('._')) ignored.push({ path, reason: 'macOS metadata file' });
    else if (isDeckName(path)) pendingDecks.push(path);
    // Old binary decks are worth a line in the report: the coordinator must convert them.
    else if (isLegacyName(path)) rejectedOut.push(rejected(path, 'LEGACY_PPT', `a ${extOf(path)} file`));
    else ignored.push({ path, reason: 'not a PowerPoint deck' });
  };

  for (const input of inputs) {
    const path = resolve(input);
    let st: Stats;
    try {
      st = await stat(fsPath(path));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      rejectedOut.push(rejected(path, code === 'EACCES' || code === 'EPERM' ? 'NOT_READABLE' : 'NOT_FOUND', code));
      continue;
    }
    if (st.isDirectory()) {
      const real = await tryRealpath(path);
      if (excluded.has(real) || excludedIds.has(identityOf(path) ?? '')) ignored.push({ path, reason: 'excluded folder (AltDeck output)' });
      else await walk(path, real);
    } else if (st.isFile()) {
      const name = basename(path);
      if (isOfficeOwnerFile(name)) rejectedOut.push(rejected(path, 'WRONG_EXTENSION', `${ownerFileReason(name)}, not a deck`, st.size));
      else if (isDeckName(path)) pendingDecks.push(path);
      else if (isLegacyName(path)) rejectedOut.push(rejected(path, 'LEGACY_PPT', `a ${extOf(path)} file`, st.size));
      else rejectedOut.push(rejected(path, 'WRONG_EXTENSION', extOf(path) ? `"${extOf(path)}" files are not decks` : 'no extension', st.size));
    } else {
      rejectedOut.push(rejected(path, 'NOT_A_FILE'));
    }
  }
  while (linkedDirs.length) {
    const [path, real] = linkedDirs.shift()!;
    if (visitedDirs.has(real)) ignored.push({ path, reason: 'folder already scanned (link loop or duplicate)' });
    else await walk(path, real);
  }
  for (const p of pendingDecks) await addDeck(p);
  const sorted = [...decks.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { decks: sorted, rejected: rejectedOut, ignored };
}
