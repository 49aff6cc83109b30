/** Owner files as Office and LibreOffice write them, for tests of lock detection. */

/** PowerPoint's ~$ owner file: 162 bytes, ANSI name with a length byte at 0, UTF-16 copy with a length at 0x36. */
export function officeOwnerFile(user: string): Buffer {
  const buf = Buffer.alloc(162, 0x20);
  const ansi = Buffer.from(user, 'latin1').subarray(0, 53);
  buf[0] = ansi.length;
  ansi.copy(buf, 1);
  const chars = Math.min(user.length, 53);
  buf.writeUInt16LE(chars, 0x36);
  buf.fill(0, 0x38);
  Buffer.from(user.slice(0, chars), 'utf16le').copy(buf, 0x38);
  return buf;
}

/** LibreOffice's .~lock.<name># content: FormalName,UserName,Host,Date,ConfigURL; */
export function libreOfficeLockFile(user: string, host = 'lab-pc-07', formalName = ''): string {
  const esc = (v: string) => v.replace(/[\\,;]/g, (c) => `\\${c}`);
  return `${esc(formalName)},${esc(user)},${esc(host)},22.11.2026 14:03,file:///home/${esc(user)}/.config/libreoffice/4;`;
}
