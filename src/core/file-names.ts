/**
 * Names AltDeck derives from a deck's name (its lock folder, the processor's temporary file,
 * `deck (2).pptx`) must fit wherever the deck's own name fits. File systems cap a name at 255
 * bytes (ext4, XFS, APFS in UTF-8; NTFS and SMB in UTF-16 units, never more than the UTF-8
 * bytes), so a deck named with 241 bytes or more used to fail on `.~altdeck.<name>.lock`.
 * Pure: used by the engine and by the processor.
 */
import { createHash } from 'node:crypto';
import { basename, dirname, extname, join } from 'node:path';

/** The longest file name (one path component) the file systems we meet allow, in UTF-8 bytes. */
export const NAME_MAX_BYTES = 255;

const HASH_CHARS = 16;

export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** The longest start of `s` within `maxBytes` of UTF-8, never cutting a character in two. */
export function truncateUtf8(s: string, maxBytes: number): string {
  if (utf8Length(s) <= maxBytes) return s;
  let bytes = 0;
  let out = '';
  for (const ch of s) {
    const n = utf8Length(ch);
    if (bytes + n > maxBytes) break;
    bytes += n;
    out += ch;
  }
  return out;
}

/**
 * `prefix + name + suffix` when it fits in `maxBytes`; otherwise the name is shortened to a
 * readable start plus `~` and a hash of the whole name, so two long names that share their
 * start still get different derived names, and the same name always gets the same one (two
 * AltDecks on a share must agree on a deck's lock).
 */
export function boundedName(prefix: string, name: string, suffix: string, maxBytes: number = NAME_MAX_BYTES): string {
  const whole = `${prefix}${name}${suffix}`;
  if (utf8Length(whole) <= maxBytes) return whole;
  const hash = createHash('sha256').update(name, 'utf8').digest('hex').slice(0, HASH_CHARS);
  const room = maxBytes - utf8Length(prefix) - utf8Length(suffix) - 1 - HASH_CHARS;
  if (room < 0) throw new Error(`derived name for "${name}" cannot fit in ${maxBytes} bytes`);
  return `${prefix}${truncateUtf8(name, room)}~${hash}${suffix}`;
}

/**
 * `deck.pptx` → `deck (2).pptx`. Where the numbered name would pass the limit, the stem is
 * shortened (never the extension): `very long…name (2).pptx`.
 */
export function numberedName(path: string, n: number): string {
  const base = basename(path);
  const ext = extname(base);
  const stem = base.slice(0, base.length - ext.length);
  const tail = ` (${n})${ext}`;
  return join(dirname(path), `${truncateUtf8(stem, NAME_MAX_BYTES - utf8Length(tail))}${tail}`);
}

/** Room kept for `-<pid>` after the processor's temporary-file prefix (pids have at most 10 digits). */
const PID_ROOM = 11;

/**
 * What every temporary file of the built-in processor beside `output` starts with:
 * `.<name>.altdeck-tmp` (shortened with a hash for long names); the file itself adds `-<pid>`.
 */
export function processorTempPrefix(outputPath: string): string {
  return boundedName('.', basename(outputPath), '.altdeck-tmp', NAME_MAX_BYTES - PID_ROOM);
}

export function processorTempPath(outputPath: string, pid: number = process.pid): string {
  return join(dirname(outputPath), `${processorTempPrefix(outputPath)}-${pid}`);
}
