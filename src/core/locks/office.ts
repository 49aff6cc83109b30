/**
 * Is a deck open in PowerPoint or LibreOffice? Both leave an owner file beside the
 * deck while it is open; on Windows PowerPoint also holds the file itself so that
 * opening it for writing fails. Nothing here ever writes to the deck.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fsPath } from '../fs-path';

export interface OfficeLock {
  kind: 'powerpoint' | 'libreoffice' | 'os';
  lockPath: string | null;
  owner: string | null;
}

/** ~$deck.pptx (Office owner file) or .~lock.deck.pptx# (LibreOffice lock file). */
export function isOfficeOwnerFile(name: string): boolean {
  const base = basename(name);
  return base.startsWith('~$') || (base.startsWith('.~lock.') && base.endsWith('#'));
}

export function powerpointOwnerPath(deckPath: string): string {
  return join(dirname(deckPath), `~$${basename(deckPath)}`);
}

export function libreOfficeLockPath(deckPath: string): string {
  return join(dirname(deckPath), `.~lock.${basename(deckPath)}#`);
}

/**
 * The user name in an Office owner file: a length byte and that many ANSI bytes at
 * offset 0, then a UTF-16LE copy (with its own 16-bit length) at 0x36. The UTF-16
 * copy wins because it survives non-Latin names.
 */
export function parseOfficeOwner(buf: Buffer): string | null {
  if (buf.length >= 0x38) {
    const len = buf.readUInt16LE(0x36);
    if (len > 0 && len <= 0x36 && 0x38 + len * 2 <= buf.length) {
      const name = clean(buf.toString('utf16le', 0x38, 0x38 + len * 2));
      if (name) return name;
    }
  }
  const ansiLen = buf[0] ?? 0;
  if (ansiLen > 0 && 1 + ansiLen <= buf.length) {
    const name = clean(buf.toString('latin1', 1, 1 + ansiLen));
    if (name) return name;
  }
  return null;
}

/**
 * The user in a LibreOffice lock file: "FormalName,UserName,Host,Date,ConfigURL;"
 * with commas and semicolons inside fields escaped by a backslash. The formal
 * (display) name is often empty; the system user name is then the best we have.
 */
export function parseLibreOfficeLock(text: string): string | null {
  const fields: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) cur += text[++i];
    else if (c === ',' || c === ';') {
      fields.push(cur);
      cur = '';
      if (c === ';') break;
    } else cur += c;
  }
  if (cur) fields.push(cur);
  if (fields.length < 3) return null; // not the lock format: do not show garbage as a name
  const formal = clean(fields[0] ?? '');
  const user = clean(fields[1] ?? '');
  const host = clean(fields[2] ?? '');
  const who = formal || user;
  if (!who) return null;
  return host ? `${who} (${host})` : who;
}

function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f]/g, '').trim();
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(fsPath(path))).isFile();
  } catch {
    return false;
  }
}

export async function findOfficeLock(deckPath: string): Promise<OfficeLock | null> {
  const pp = powerpointOwnerPath(deckPath);
  if (await isFile(pp)) {
    let owner: string | null = null;
    try {
      owner = parseOfficeOwner(await readFile(fsPath(pp)));
    } catch {
      /* held open exclusively on some shares: the file's presence is what matters */
    }
    return { kind: 'powerpoint', lockPath: pp, owner };
  }
  const lo = libreOfficeLockPath(deckPath);
  if (await isFile(lo)) {
    let owner: string | null = null;
    try {
      owner = parseLibreOfficeLock(await readFile(fsPath(lo), 'utf8'));
    } catch {
      /* as above */
    }
    return { kind: 'libreoffice', lockPath: lo, owner };
  }
  if (process.platform === 'win32') return windowsShareLock(deckPath);
  return null;
}

/**
 * On Windows PowerPoint opens the deck without write sharing, so opening it for
 * read+write (without truncating or writing anything) fails with EBUSY/EPERM.
 * A read-only file fails the same way, so those are skipped.
 */
async function windowsShareLock(deckPath: string): Promise<OfficeLock | null> {
  try {
    const st = await stat(fsPath(deckPath));
    if (!(st.mode & 0o200)) return null;
    const fh = await open(fsPath(deckPath), 'r+');
    await fh.close();
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EBUSY' || code === 'EPERM') return { kind: 'os', lockPath: null, owner: null };
    return null;
  }
}
