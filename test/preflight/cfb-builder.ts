/** Builds OLE2 compound files byte by byte (MS-CFB v3, 512-byte sectors) for tests. */

const FREE = 0xffffffff;
const END = 0xfffffffe;
const FATSECT = 0xfffffffd;
export const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export interface CfbSpec {
  /** Stream names under the root (type 2); storages can be given as { storage: name }. */
  entries: Array<string | { storage: string }>;
  /** Make the directory chain point back at itself. */
  loopDirectory?: boolean;
}

function dirEntry(name: string, type: number): Buffer {
  const e = Buffer.alloc(128);
  const n = Buffer.from(name + '\0', 'utf16le');
  n.copy(e, 0, 0, Math.min(64, n.length));
  e.writeUInt16LE(Math.min(64, n.length), 0x40);
  e[0x42] = type;
  e[0x43] = 1; // black
  e.writeUInt32LE(FREE, 0x44); // left sibling
  e.writeUInt32LE(FREE, 0x48); // right sibling
  e.writeUInt32LE(FREE, 0x4c); // child
  e.writeUInt32LE(END, 0x74); // start sector
  return e;
}

export function buildCfb(spec: CfbSpec): Buffer {
  const entries = [dirEntry('Root Entry', 5), ...spec.entries.map((x) => (typeof x === 'string' ? dirEntry(x, 2) : dirEntry(x.storage, 1)))];
  while (entries.length % 4) entries.push(Buffer.alloc(128)); // unused slots (type 0)
  const dirSectors = entries.length / 4;
  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(FATSECT, 0);
  for (let i = 0; i < dirSectors; i++) fat.writeUInt32LE(i === dirSectors - 1 ? (spec.loopDirectory ? 1 : END) : i + 2, (i + 1) * 4);
  const header = Buffer.alloc(512);
  CFB_MAGIC.copy(header, 0);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(3, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(1, 0x2c); // one FAT sector
  header.writeUInt32LE(1, 0x30); // directory starts in sector 1
  header.writeUInt32LE(4096, 0x38);
  header.writeUInt32LE(END, 0x3c);
  header.writeUInt32LE(END, 0x44);
  header.fill(0xff, 0x4c);
  header.writeUInt32LE(0, 0x4c); // DIFAT[0]: the FAT is sector 0
  return Buffer.concat([header, fat, ...entries]);
}
