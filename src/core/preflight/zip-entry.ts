/** Inflates one ZIP entry located through the central directory, with a hard size cap. */
import { inflateRawSync } from 'node:zlib';
import type { RandomReader } from './reader';
import type { ZipEntry } from './zip-directory';

const SIG_LOCAL = 0x04034b50;

export class EntryError extends Error {}

export async function readEntry(reader: RandomReader, entry: ZipEntry, maxBytes: number): Promise<Buffer> {
  if (entry.uncompressedSize > maxBytes) throw new EntryError(`"${entry.name}" is larger than ${maxBytes} bytes`);
  // One read for header and data, guessing the local name/extra lengths from the central record.
  const guess = 30 + Buffer.byteLength(entry.name) + 64;
  const first = await reader.read(entry.localHeaderOffset, guess + entry.compressedSize);
  if (first.length < 30 || first.readUInt32LE(0) !== SIG_LOCAL) throw new EntryError(`"${entry.name}" has no local header`);
  // The local header's own lengths locate the data; its size fields may be zero (data descriptor).
  const skip = 30 + first.readUInt16LE(26) + first.readUInt16LE(28);
  const raw =
    skip + entry.compressedSize <= first.length
      ? first.subarray(skip, skip + entry.compressedSize)
      : await reader.read(entry.localHeaderOffset + skip, entry.compressedSize);
  if (raw.length < entry.compressedSize) throw new EntryError(`"${entry.name}" is cut short`);
  if (entry.method === 0) return raw;
  if (entry.method !== 8) throw new EntryError(`"${entry.name}" uses compression method ${entry.method}`);
  try {
    // maxOutputLength stops a lying size field from inflating past the cap.
    return inflateRawSync(raw, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (err) {
    throw new EntryError(`"${entry.name}" cannot be inflated: ${(err as Error).message}`);
  }
}
