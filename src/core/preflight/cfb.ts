/**
 * Just enough of the Compound File Binary format (MS-CFB) to list the stream and
 * storage names of an OLE2 file: that tells an encrypted OOXML package
 * (EncryptionInfo + EncryptedPackage) from a legacy binary deck ("PowerPoint Document").
 */
import type { RandomReader } from './reader';

export const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const END_OF_CHAIN = 0xfffffffe;
const MAX_REGULAR_SECTOR = 0xfffffffa;
// A directory this long belongs to no real deck; stop before a crafted file makes us read forever.
const MAX_DIRECTORY_SECTORS = 4096;

export class CfbError extends Error {}

export type CfbKind = 'encrypted-ooxml' | 'legacy-ppt' | 'other';

export function classifyCfbNames(names: string[]): CfbKind {
  const set = new Set(names.map((n) => n.toLowerCase()));
  if (set.has('encryptedpackage') && set.has('encryptioninfo')) return 'encrypted-ooxml';
  if (set.has('powerpoint document')) return 'legacy-ppt';
  return 'other';
}

/** Names of every storage and stream in the compound file. Throws CfbError when damaged. */
export async function listCfbNames(reader: RandomReader): Promise<string[]> {
  const header = await reader.read(0, 512);
  if (header.length < 512 || !header.subarray(0, 8).equals(CFB_MAGIC)) throw new CfbError('no compound file header');
  if (header.readUInt16LE(0x1c) !== 0xfffe) throw new CfbError('bad byte order mark');
  const shift = header.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) throw new CfbError(`bad sector size 2^${shift}`);
  const sectorSize = 1 << shift;
  const fatSectorCount = header.readUInt32LE(0x2c);
  const firstDirSector = header.readUInt32LE(0x30);
  let difatSector = header.readUInt32LE(0x44);
  const totalSectors = Math.ceil(reader.size / sectorSize); // upper bound, includes the header
  if (fatSectorCount > totalSectors) throw new CfbError('FAT larger than the file');

  const sectorOffset = (id: number) => (id + 1) * sectorSize;
  const readSector = async (id: number) => {
    if (id > MAX_REGULAR_SECTOR || sectorOffset(id) >= reader.size) throw new CfbError(`sector ${id} outside the file`);
    return reader.read(sectorOffset(id), sectorSize);
  };

  const fatIds: number[] = [];
  for (let i = 0; i < 109 && fatIds.length < fatSectorCount; i++) fatIds.push(header.readUInt32LE(0x4c + i * 4));
  let guard = 0;
  while (fatIds.length < fatSectorCount && difatSector <= MAX_REGULAR_SECTOR) {
    if (++guard > totalSectors) throw new CfbError('DIFAT chain loops');
    const s = await readSector(difatSector);
    const per = sectorSize / 4 - 1;
    for (let i = 0; i < per && fatIds.length < fatSectorCount; i++) fatIds.push(s.readUInt32LE(i * 4));
    difatSector = s.readUInt32LE(per * 4);
  }
  const fat = Buffer.concat(await Promise.all(fatIds.map(readSector)));
  const next = (id: number) => (id * 4 + 4 <= fat.length ? fat.readUInt32LE(id * 4) : END_OF_CHAIN);

  const names: string[] = [];
  let sector = firstDirSector;
  const seen = new Set<number>();
  while (sector <= MAX_REGULAR_SECTOR) {
    if (seen.has(sector)) throw new CfbError('directory chain loops');
    if (seen.size >= MAX_DIRECTORY_SECTORS) throw new CfbError('directory too long');
    seen.add(sector);
    const s = await readSector(sector);
    for (let p = 0; p + 128 <= s.length; p += 128) {
      const type = s[p + 0x42];
      if (type !== 1 && type !== 2) continue; // only storages and streams; root and free slots skipped
      const nameBytes = Math.min(64, s.readUInt16LE(p + 0x40));
      if (nameBytes < 2) continue;
      names.push(s.toString('utf16le', p, p + nameBytes - 2));
    }
    sector = next(sector);
  }
  if (sector !== END_OF_CHAIN) throw new CfbError('directory chain broken');
  return names;
}

/**
 * Last resort for a damaged compound file: look for the tell-tale stream names as
 * UTF-16 text in its first megabytes.
 */
export async function sniffCfbNames(reader: RandomReader, maxBytes = 16 * 1024 ** 2): Promise<string[]> {
  const data = await reader.read(0, Math.min(reader.size, maxBytes));
  return ['EncryptedPackage', 'EncryptionInfo', 'PowerPoint Document'].filter((n) => data.includes(Buffer.from(n, 'utf16le')));
}
