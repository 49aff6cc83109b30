/**
 * Opening a deck's ZIP with yauzl over synchronous positional reads (issue 10).
 *
 * `yauzl.open` reads through fd-slicer: every central-directory record (two reads each),
 * every local header and every chunk is an asynchronous `fs.read`, a round trip through
 * libuv's thread pool. A deck of 150 parts made ~600 of them, which cost more CPU than the
 * reading itself (the engine's output check of 40 corpus decks: 0.71 s, of it 0.3 s in the
 * kernel). `pread` of a few hundred bytes from the page cache takes microseconds, so the
 * reads here are synchronous; a range yauzl streams (a large entry's data) is read in
 * 64 KiB chunks as it is consumed (1 MiB chunks raised a 500 MB deck's peak RSS by ~20 MB).
 *
 * The reader can also present the file as `virtualSize` bytes long: real decks carry an end
 * record whose comment length overruns the file or a stray byte after it, and PowerPoint
 * opens them; reads past the real end return zeros.
 */
import { close as closeFdAsync, closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import * as yauzl from 'yauzl';
import { fsPath } from './fs-path';

const CHUNK_BYTES = 64 * 1024;

export class SyncFileReader extends yauzl.RandomAccessReader {
  constructor(
    readonly fd: number,
    readonly realSize: number,
  ) {
    super();
  }

  /** Fill `buffer[offset, offset+length)` from `position`, zeros past the real end; calls back on the next tick, as fs.read would. */
  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null, bytesRead?: number) => void): void {
    try {
      readAt(this.fd, buffer, offset, length, position, this.realSize);
    } catch (e) {
      process.nextTick(callback, e as Error);
      return;
    }
    process.nextTick(callback, null, length);
  }

  /**
   * An entry's data, read in 64 KiB chunks on demand. Not an fs.ReadStream on our
   * descriptor: yauzl destroys the streams it is done with, and destroying an
   * fs.ReadStream closes its descriptor even with autoClose: false.
   */
  override _readStreamForRange(start: number, end: number): Readable {
    const { fd, realSize } = this;
    let pos = start;
    return new Readable({
      highWaterMark: CHUNK_BYTES,
      read() {
        if (pos >= end) {
          this.push(null);
          return;
        }
        const n = Math.min(CHUNK_BYTES, end - pos);
        const buf = Buffer.allocUnsafe(n);
        try {
          readAt(fd, buf, 0, n, pos, realSize);
        } catch (e) {
          this.destroy(e as Error);
          return;
        }
        pos += n;
        this.push(buf);
      },
    });
  }

  override close(callback: (err: Error | null) => void): void {
    closeFdAsync(this.fd, (err) => callback(err));
  }
}

/** Read exactly `length` bytes at `position` (zeros past `realSize`); throws on an I/O error. */
export function readAt(fd: number, buffer: Buffer, offset: number, length: number, position: number, realSize: number): void {
  let done = 0;
  while (done < length && position + done < realSize) {
    const n = readSync(fd, buffer, offset + done, Math.min(length - done, realSize - position - done), position + done);
    if (n === 0) break;
    done += n;
  }
  if (done < length) buffer.fill(0, offset + done, offset + length);
}

export interface OpenedZip {
  zip: yauzl.ZipFile;
  reader: SyncFileReader;
}

/**
 * Open `path` as a ZIP read by a SyncFileReader, lazily listing entries and never closing
 * itself (the caller closes `zip`, which closes the file). `virtualSize` presents the file
 * as that long (see above). Errors are yauzl's (the file descriptor is closed first).
 */
export async function openZipFile(path: string, options: yauzl.Options, virtualSize?: number): Promise<OpenedZip> {
  const fd = openSync(fsPath(path), 'r');
  let reader: SyncFileReader;
  try {
    reader = new SyncFileReader(fd, fstatSync(fd).size);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  try {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.fromRandomAccessReader(reader, virtualSize ?? reader.realSize, { ...options, lazyEntries: true, autoClose: false }, (err, z) =>
        err || !z ? reject(err ?? new Error('cannot open')) : resolve(z),
      ),
    );
    return { zip, reader };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

const LOCAL_HEADER_SIG = 0x04034b50;
const LOCAL_HEADER_SIZE = 30;

/** Entries up to this size (stored and inflated) are read with one positional read and one synchronous inflate. */
export const SYNC_ENTRY_MAX_BYTES = 8 * 1024 * 1024;

/** Whether `entry` is small enough for readEntrySync. */
export function readsSync(entry: yauzl.Entry): boolean {
  return entry.compressedSize <= SYNC_ENTRY_MAX_BYTES && entry.uncompressedSize <= SYNC_ENTRY_MAX_BYTES;
}

/**
 * One entry's inflated data, read and inflated in one go. Throws (naming the entry) what
 * yauzl's stream would: a bad local header, data past the end of the file, a damaged
 * deflate stream, another length than the central directory says, an unknown method.
 */
export function readEntrySync(reader: SyncFileReader, entry: yauzl.Entry, name: string = entry.fileName): Buffer {
  const { fd, realSize } = reader;
  const header = Buffer.allocUnsafe(LOCAL_HEADER_SIZE);
  const at = entry.relativeOffsetOfLocalHeader;
  // The archive may be read as longer than the file (zeros past its end): the bytes that exist bound what is read.
  if (at + LOCAL_HEADER_SIZE > realSize) throw new Error(`${name}: local file header runs past the end of the file`);
  readAt(fd, header, 0, LOCAL_HEADER_SIZE, at, realSize);
  if (header.readUInt32LE(0) !== LOCAL_HEADER_SIG) throw new Error(`${name}: invalid local file header signature`);
  const start = at + LOCAL_HEADER_SIZE + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (start + entry.compressedSize > realSize) throw new Error(`${name}: file data runs past the end of the file`);
  const data = Buffer.allocUnsafe(entry.compressedSize);
  readAt(fd, data, 0, entry.compressedSize, start, realSize);
  let raw: Buffer;
  if (entry.compressionMethod === 0) raw = data;
  else if (entry.compressionMethod === 8) {
    try {
      // One byte more than declared: a stream that inflates longer than its entry says is damaged.
      raw = inflateRawSync(data, { maxOutputLength: entry.uncompressedSize + 1 });
    } catch (e) {
      throw new Error(`${name}: ${(e as Error).message}`);
    }
  } else throw new Error(`${name}: unsupported compression method ${entry.compressionMethod}`);
  if (raw.length !== entry.uncompressedSize) throw new Error(`${name}: inflated to ${raw.length} bytes, the archive says ${entry.uncompressedSize}`);
  return raw;
}
