/**
 * File names that are not valid UTF-8 (Linux allows any bytes but "/" and NUL; old shares
 * copied from Windows-1252 or Shift-JIS machines have them). A JS string cannot hold such a
 * name and Node encodes string paths as UTF-8, so the deck was "not found".
 *
 * AltDeck's form of such a path is a string in which every byte that is not part of valid
 * UTF-8 is the code point U+10FF00 + byte (U+10FF80–U+10FFFF, the end of the last private-use
 * plane; the same idea as Python's surrogateescape, but valid Unicode, so SQLite, JSON and
 * argv carry it unchanged). A real name using those code points has their UTF-8 bytes escaped
 * the same way, so the mapping is exact both ways. `fsPath` turns the form back into the exact
 * bytes for every file-system call; paths without escapes pass through untouched.
 */
const ESC_BASE = 0x10ff00;
const ESC_RE = /[\u{10FF80}-\u{10FFFF}]/u;

export function hasRawBytes(p: string): boolean {
  return ESC_RE.test(p);
}

/** Length of the valid UTF-8 sequence at `i`, or 0. Follows the WHATWG decoder (no overlongs, surrogates or > U+10FFFF). */
function sequenceAt(b: Buffer, i: number): number {
  const x = b[i];
  if (x < 0x80) return 1;
  const cont = (j: number, lo = 0x80, hi = 0xbf) => j < b.length && b[j] >= lo && b[j] <= hi;
  if (x >= 0xc2 && x <= 0xdf) return cont(i + 1) ? 2 : 0;
  if (x >= 0xe0 && x <= 0xef) {
    const [lo, hi] = x === 0xe0 ? [0xa0, 0xbf] : x === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
  }
  if (x >= 0xf0 && x <= 0xf4) {
    const [lo, hi] = x === 0xf0 ? [0x90, 0xbf] : x === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

/** Bytes of a name or path (from a Buffer-encoded readdir or realpath) → AltDeck's string form. */
export function decodeFsName(bytes: Buffer): string {
  const fast = bytes.toString('utf8');
  if (!fast.includes('\ufffd') && !ESC_RE.test(fast)) return fast;
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const n = sequenceAt(bytes, i);
    if (n === 0) {
      out += String.fromCodePoint(ESC_BASE + bytes[i]);
      i++;
      continue;
    }
    const ch = bytes.toString('utf8', i, i + n);
    if (ESC_RE.test(ch)) for (let k = 0; k < n; k++) out += String.fromCodePoint(ESC_BASE + bytes[i + k]);
    else out += ch;
    i += n;
  }
  return out;
}

/** What to hand to `fs`: the string itself, or the exact bytes where the path carries raw bytes. */
export function fsPath(p: string): string | Buffer {
  if (!ESC_RE.test(p)) return p;
  const parts: Buffer[] = [];
  for (const ch of p) {
    const cp = ch.codePointAt(0)!;
    parts.push(cp >= ESC_BASE + 0x80 && cp <= ESC_BASE + 0xff ? Buffer.from([cp - ESC_BASE]) : Buffer.from(ch, 'utf8'));
  }
  return Buffer.concat(parts);
}

/** For people (logs, messages): raw bytes as `\xNN`, as `ls -b` shows them. */
export function displayPath(p: string): string {
  if (!ESC_RE.test(p)) return p;
  let out = '';
  for (const ch of p) {
    const cp = ch.codePointAt(0)!;
    out += cp >= ESC_BASE + 0x80 && cp <= ESC_BASE + 0xff ? `\\x${(cp - ESC_BASE).toString(16).toUpperCase()}` : ch;
  }
  return out;
}
