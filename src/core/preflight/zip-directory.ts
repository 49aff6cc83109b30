/**
 * Reads a ZIP's central directory from the end of the file (EOCD, ZIP64 aware) and
 * judges the container from it alone: truncation, damage and zip bombs are found
 * without inflating a single byte.
 */
import type { RandomReader } from './reader';

export type ZipProblemCode = 'NOT_ZIP' | 'TRUNCATED_ZIP' | 'ZIP_BOMB' | 'ENCRYPTED';

export class ZipProblem extends Error {
  constructor(
    readonly code: ZipProblemCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipDirectory {
  entries: ZipEntry[];
  /** Lower-cased name → entry: OPC part names compare case-insensitively. */
  byName: Map<string, ZipEntry>;
  totalUncompressed: number;
  zip64: boolean;
  /** Bytes of junk before the archive (self-extractor stubs); offsets are already corrected. */
  prefixBytes: number;
}

export interface ZipLimits {
  maxUncompressedBytes: number;
  maxRatio: number;
  /** Entries smaller than this never count as bombs, whatever their ratio. */
  ratioFloorBytes: number;
  maxEntries: number;
  maxDirectoryBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxUncompressedBytes: 8 * 1024 ** 3,
  maxRatio: 1000,
  ratioFloorBytes: 1024 ** 2,
  maxEntries: 200_000,
  maxDirectoryBytes: 64 * 1024 ** 2,
};

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
/** Trailing whitespace or NULs tolerated after the end record (block padding of some copy tools). */
const MAX_PADDING = 4096;

export interface EndRecord {
  eocdOffset: number;
  entryCount: number;
  cdSize: number;
  cdOffset: number;
  zip64: boolean;
  /** Where the (ZIP64) end record starts: the central directory must end before it. */
  directoryEnd: number;
}

/**
 * Finds the end-of-central-directory record in the last bytes of the file.
 * `tail` holds the file's bytes from `tailStart` to its end. Returns null if absent.
 */
export function findEndRecord(tail: Buffer, tailStart: number, fileSize: number): Omit<EndRecord, 'zip64' | 'directoryEnd'> & { disk: number; cdDisk: number; needsZip64: boolean } | null {
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== SIG_EOCD) continue;
    const commentLength = tail.readUInt16LE(i + 20);
    // The record and its own comment must end the file. A file cut short often still holds the end
    // record of a ZIP stored inside it (a chart's workbook, an embedded deck); trusting that one would
    // judge the embedded file instead of the deck. This also rejects signature bytes in compressed data.
    // Only padding may follow (a newline or NULs some downloads append: three corpus decks end in "\n").
    const end = i + EOCD_SIZE + commentLength;
    if (tailStart + end > fileSize || !isPadding(tail, end)) continue;
    const disk = tail.readUInt16LE(i + 4);
    const cdDisk = tail.readUInt16LE(i + 6);
    const entryCount = tail.readUInt16LE(i + 10);
    const cdSize = tail.readUInt32LE(i + 12);
    const cdOffset = tail.readUInt32LE(i + 16);
    const needsZip64 = entryCount === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff;
    return { eocdOffset: tailStart + i, entryCount, cdSize, cdOffset, disk, cdDisk, needsZip64 };
  }
  return null;
}

function isPadding(buf: Buffer, from: number): boolean {
  if (buf.length - from > MAX_PADDING) return false;
  for (let i = from; i < buf.length; i++) {
    const b = buf[i];
    if (b !== 0x00 && b !== 0x0a && b !== 0x0d && b !== 0x20 && b !== 0x09) return false;
  }
  return true;
}

async function readEndRecord(reader: RandomReader): Promise<EndRecord> {
  const tailLength = Math.min(reader.size, EOCD_SIZE + MAX_COMMENT + 20);
  const tailStart = reader.size - tailLength;
  const tail = await reader.read(tailStart, tailLength);
  const found = findEndRecord(tail, tailStart, reader.size);
  if (!found) throw new ZipProblem('TRUNCATED_ZIP', 'no end-of-central-directory record: the end of the file is missing');
  if (found.disk !== 0 || found.cdDisk !== 0) throw new ZipProblem('NOT_ZIP', 'a split (multi-part) ZIP archive');
  let { entryCount, cdSize, cdOffset } = found;
  let zip64 = false;
  let directoryEnd = found.eocdOffset;
  const locatorAt = found.eocdOffset - 20;
  const locator = locatorAt >= tailStart ? tail.subarray(locatorAt - tailStart, locatorAt - tailStart + 20) : locatorAt >= 0 ? await reader.read(locatorAt, 20) : Buffer.alloc(0);
  if (locator.length === 20 && locator.readUInt32LE(0) === SIG_ZIP64_LOCATOR) {
    const z64At = Number(locator.readBigUInt64LE(8));
    const rec = z64At + 56 <= locatorAt ? await reader.read(z64At, 56) : Buffer.alloc(0);
    if (rec.length < 56 || rec.readUInt32LE(0) !== SIG_ZIP64_EOCD) {
      throw new ZipProblem('TRUNCATED_ZIP', 'the ZIP64 end record is missing or damaged');
    }
    entryCount = safeNumber(rec.readBigUInt64LE(32), 'entry count');
    cdSize = safeNumber(rec.readBigUInt64LE(40), 'central directory size');
    cdOffset = safeNumber(rec.readBigUInt64LE(48), 'central directory offset');
    zip64 = true;
    directoryEnd = z64At;
  } else if (found.needsZip64) {
    // 0xFFFF entries is legal without ZIP64 only if it is the true count; sizes/offsets of all-ones are not.
    if (cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new ZipProblem('TRUNCATED_ZIP', 'ZIP64 archive without its ZIP64 end record');
  }
  return { eocdOffset: found.eocdOffset, entryCount, cdSize, cdOffset, zip64, directoryEnd };
}

function safeNumber(v: bigint, what: string): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipProblem('ZIP_BOMB', `absurd ${what} in the ZIP64 record`);
  return Number(v);
}

/** Parses `count` central directory records. Pure: throws ZipProblem on damage. */
export function parseCentralDirectory(cd: Buffer, count: number): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) {
      throw new ZipProblem('TRUNCATED_ZIP', `central directory damaged at entry ${n + 1} of ${count}`);
    }
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    let compressedSize = cd.readUInt32LE(p + 20);
    let uncompressedSize = cd.readUInt32LE(p + 24);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    let localHeaderOffset = cd.readUInt32LE(p + 42);
    const next = p + 46 + nameLength + extraLength + commentLength;
    if (next > cd.length) throw new ZipProblem('TRUNCATED_ZIP', `central directory damaged at entry ${n + 1} of ${count}`);
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLength);
    // Bit 11 = UTF-8; OOXML writers use ASCII part names anyway, so latin1 is a safe fallback.
    const name = flags & 0x800 ? nameBytes.toString('utf8') : nameBytes.toString('latin1');
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      const extra = cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
      const z = readZip64Extra(extra, uncompressedSize === 0xffffffff, compressedSize === 0xffffffff, localHeaderOffset === 0xffffffff);
      if (!z) throw new ZipProblem('TRUNCATED_ZIP', `entry "${name}" lacks its ZIP64 sizes`);
      uncompressedSize = z.uncompressed ?? uncompressedSize;
      compressedSize = z.compressed ?? compressedSize;
      localHeaderOffset = z.offset ?? localHeaderOffset;
    }
    entries.push({ name, flags, method, compressedSize, uncompressedSize, localHeaderOffset });
    p = next;
  }
  return entries;
}

function readZip64Extra(extra: Buffer, u: boolean, c: boolean, o: boolean): { uncompressed?: number; compressed?: number; offset?: number } | null {
  let p = 0;
  while (p + 4 <= extra.length) {
    const id = extra.readUInt16LE(p);
    const size = extra.readUInt16LE(p + 2);
    if (id === 0x0001) {
      const body = extra.subarray(p + 4, p + 4 + size);
      let q = 0;
      const take = (): number | undefined => {
        if (q + 8 > body.length) return undefined;
        const v = body.readBigUInt64LE(q);
        q += 8;
        return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
      };
      const out: { uncompressed?: number; compressed?: number; offset?: number } = {};
      if (u && (out.uncompressed = take()) === undefined) return null;
      if (c && (out.compressed = take()) === undefined) return null;
      if (o && (out.offset = take()) === undefined) return null;
      return out;
    }
    p += 4 + size;
  }
  return null;
}

/** Refuses archives that would unpack to an absurd size, from the directory's own claims. */
export function checkBomb(entries: ZipEntry[], limits: ZipLimits): string | null {
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (e.method === 8 && e.uncompressedSize > limits.ratioFloorBytes) {
      // Deflate cannot exceed ~1032:1, so a larger claim is a lie or a bomb.
      const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
      if (ratio > limits.maxRatio) {
        return `entry "${e.name}" claims ${formatBytes(e.uncompressedSize)} from ${formatBytes(e.compressedSize)} (ratio ${Math.round(ratio)}:1)`;
      }
    }
  }
  if (total > limits.maxUncompressedBytes) return `the entries claim ${formatBytes(total)} in total (limit ${formatBytes(limits.maxUncompressedBytes)})`;
  return null;
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

/** A complete local file header at offset 0 that fits before `limit`: the file starts as a ZIP of its own. */
async function startsWithLocalHeader(reader: RandomReader, limit: number): Promise<boolean> {
  const head = await reader.read(0, Math.min(30, limit));
  if (head.length < 30 || head.readUInt32LE(0) !== SIG_LOCAL) return false;
  return 30 + head.readUInt16LE(26) + head.readUInt16LE(28) <= limit;
}

/**
 * Reads and validates the whole central directory. Throws ZipProblem; any other
 * exception is an I/O error.
 */
export async function readZipDirectory(reader: RandomReader, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipDirectory> {
  const end = await readEndRecord(reader);
  if (end.entryCount > limits.maxEntries) throw new ZipProblem('ZIP_BOMB', `${end.entryCount} entries (limit ${limits.maxEntries})`);
  if (end.cdSize > limits.maxDirectoryBytes) throw new ZipProblem('ZIP_BOMB', `a ${formatBytes(end.cdSize)} central directory`);
  // Each record is at least 46 bytes: a count the directory cannot hold is damage, not a bomb.
  if (end.entryCount * 46 > end.cdSize) throw new ZipProblem('TRUNCATED_ZIP', `the end record claims ${end.entryCount} entries in ${end.cdSize} bytes`);
  let prefixBytes = 0;
  if (end.cdOffset + end.cdSize > end.directoryEnd) {
    throw new ZipProblem('TRUNCATED_ZIP', 'the central directory lies outside the file');
  }
  let cd = await reader.read(end.cdOffset, end.cdSize);
  if (end.entryCount > 0 && (cd.length < 4 || cd.readUInt32LE(0) !== SIG_CENTRAL)) {
    // Data prepended to the archive shifts every offset by the same amount.
    const shifted = end.directoryEnd - end.cdSize;
    const probe = shifted > end.cdOffset ? await reader.read(shifted, 4) : Buffer.alloc(0);
    if (probe.length === 4 && probe.readUInt32LE(0) === SIG_CENTRAL) {
      prefixBytes = shifted - end.cdOffset;
      if (await startsWithLocalHeader(reader, prefixBytes)) {
        // The "prefix" is the start of an archive whose own directory is missing: the file was cut
        // just after a ZIP it embeds, and the directory found is the embedded file's.
        throw new ZipProblem('TRUNCATED_ZIP', 'the end of the file is missing (the directory found belongs to a file embedded in it)');
      }
      cd = await reader.read(shifted, end.cdSize);
    } else {
      throw new ZipProblem('TRUNCATED_ZIP', 'the central directory is not where the end record says');
    }
  }
  const entries = parseCentralDirectory(cd, end.entryCount);
  const bomb = checkBomb(entries, limits);
  if (bomb) throw new ZipProblem('ZIP_BOMB', bomb);
  const cdStart = end.cdOffset + prefixBytes;
  const byName = new Map<string, ZipEntry>();
  let totalUncompressed = 0;
  for (const e of entries) {
    e.localHeaderOffset += prefixBytes;
    if (e.flags & 0x41) throw new ZipProblem('ENCRYPTED', `ZIP entry "${e.name}" is encrypted`);
    if (e.localHeaderOffset + 30 + e.compressedSize > cdStart) {
      throw new ZipProblem('TRUNCATED_ZIP', `entry "${e.name}" points past the end of the data`);
    }
    if (e.method === 0 && e.compressedSize !== e.uncompressedSize) {
      throw new ZipProblem('TRUNCATED_ZIP', `stored entry "${e.name}" has inconsistent sizes`);
    }
    const key = e.name.toLowerCase();
    if (byName.has(key)) throw new ZipProblem('TRUNCATED_ZIP', `two entries named "${e.name}": readers disagree on which one counts`);
    byName.set(key, e);
    totalUncompressed += e.uncompressedSize;
  }
  // Entries sharing bytes are how non-recursive zip bombs multiply one kernel; a damaged size field
  // looks the same, so the claimed total tells them apart (real decks unpack to a few times their size).
  const byOffset = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const prev = byOffset[i - 1];
    if (prev.localHeaderOffset + 30 + prev.compressedSize > byOffset[i].localHeaderOffset) {
      const names = `entries "${prev.name}" and "${byOffset[i].name}"`;
      if (totalUncompressed > 100 * reader.size) throw new ZipProblem('ZIP_BOMB', `${names} share the same bytes, claiming ${formatBytes(totalUncompressed)} in total`);
      throw new ZipProblem('TRUNCATED_ZIP', `${names} overlap: the directory is damaged`);
    }
  }
  return { entries, byName, totalUncompressed, zip64: end.zip64, prefixBytes };
}
