/**
 * Reading a deck's ZIP without holding it in memory: the central directory is
 * listed once (metadata only), XML parts are inflated on demand, and untouched
 * entries are later streamed raw (still compressed) into the output.
 *
 * The file is read through core/zip-file-reader.ts (synchronous positional reads):
 * a part up to 8 MiB is one read and one synchronous inflate instead of a stream whose
 * every chunk crosses libuv's thread pool (issue 10).
 */
import * as yauzl from 'yauzl';
import { Readable } from 'node:stream';
import { createReadStream, statSync } from 'node:fs';
import { fsPath } from '../../core/fs-path';
import { openZipFile, readEntrySync, readsSync, type OpenedZip, type SyncFileReader } from '../../core/zip-file-reader';

export interface ZipEntryInfo {
  /** Index in the central directory. */
  index: number;
  name: string;
  rawName: Buffer;
  entry: yauzl.Entry;
}

export class ZipReadError extends Error {
  constructor(message: string, public readonly kind: 'not-zip' | 'truncated' | 'entry' | 'too-large') {
    super(message);
  }
}

/** Largest XML part we inflate into memory; a bigger "slide" is a bomb, not a slide. */
export const MAX_XML_PART_BYTES = 256 * 1024 * 1024;

export class ZipSource {
  /** Set for plain files (not padded ones): big entries are then read directly. */
  private path: string | null = null;

  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly reader: SyncFileReader,
    public readonly entries: ZipEntryInfo[],
    private readonly byName: Map<string, ZipEntryInfo>,
  ) {}

  /** The deck's file when it is read directly (not padded): an unchanged deck's output is a byte copy of it. */
  get filePath(): string | null {
    return this.path;
  }

  static async open(path: string): Promise<ZipSource> {
    const options = { decodeStrings: false, validateEntrySizes: true };
    let opened: OpenedZip;
    let direct = true;
    try {
      opened = await openZipFile(path, options);
    } catch (e) {
      // PowerPoint opens decks whose end record claims a comment longer or shorter
      // than the bytes that follow it; so do we, by reading the file as if it had
      // exactly that many bytes.
      const m = /Invalid comment length\. Expected: (\d+)\. Found: (\d+)/.exec((e as Error).message);
      if (!m) throw classifyOpenError(e as Error);
      direct = false;
      // "Expected" is what follows the record, "Found" what the record says
      let real: number;
      try {
        real = statSync(fsPath(path)).size;
      } catch (e2) {
        throw classifyOpenError(e2 as Error);
      }
      opened = await openZipFile(path, options, real - Number(m[1]) + Number(m[2])).catch((e2: Error) => {
        throw classifyOpenError(e2);
      });
    }
    const { zip, reader } = opened;
    const entries: ZipEntryInfo[] = [];
    const byName = new Map<string, ZipEntryInfo>();
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (entry: yauzl.Entry) => {
          const rawName = entry.fileName as unknown as Buffer;
          const utf8 = (entry.generalPurposeBitFlag & 0x800) !== 0;
          // OOXML part names are ASCII in practice; latin1 keeps odd CP437 names round-trippable
          const name = utf8 ? rawName.toString('utf8') : rawName.toString('latin1');
          const info: ZipEntryInfo = { index: entries.length, name, rawName, entry };
          entries.push(info);
          // first one wins, like most readers; duplicates are still copied
          if (!byName.has(name)) byName.set(name, info);
          zip.readEntry();
        });
        zip.on('end', () => resolve());
        zip.on('error', (e: Error) => reject(new ZipReadError(e.message, 'truncated')));
        zip.readEntry();
      });
    } catch (e) {
      zip.close();
      throw e;
    }
    const src = new ZipSource(zip, reader, entries, byName);
    if (direct) src.path = path;
    return src;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): ZipEntryInfo | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Inflated content of one entry. */
  async read(name: string, maxBytes = MAX_XML_PART_BYTES): Promise<Buffer> {
    const info = this.byName.get(name);
    if (!info) throw new ZipReadError(`no entry ${name}`, 'entry');
    if (info.entry.uncompressedSize > maxBytes) throw new ZipReadError(`${name} is too large to read`, 'too-large');
    if (readsSync(info.entry)) {
      try {
        return readEntrySync(this.reader, info.entry, name);
      } catch (e) {
        throw new ZipReadError((e as Error).message, 'entry');
      }
    }
    const stream = await this.openStream(info, true);
    const chunks: Buffer[] = [];
    let total = 0;
    return new Promise<Buffer>((resolve, reject) => {
      stream.on('data', (c: Buffer) => {
        total += c.length;
        if (total > maxBytes) {
          stream.destroy();
          reject(new ZipReadError(`${name} is too large to read`, 'too-large'));
          return;
        }
        chunks.push(c);
      });
      stream.on('error', (e: Error) => reject(new ZipReadError(`${name}: ${e.message}`, 'entry')));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  }

  /** The entry's data exactly as stored in the archive (compressed bytes for deflated entries). */
  async openRaw(info: ZipEntryInfo): Promise<Readable> {
    if (!this.path || info.entry.compressedSize < 256 * 1024) return this.openStream(info, false);
    // big entries (pictures, video): read in large chunks straight from the file
    const start = await new Promise<number>((resolve, reject) =>
      (this.zip as unknown as { readLocalFileHeader(e: yauzl.Entry, o: { minimal: true }, cb: (err: Error | null, h: { fileDataStart: number }) => void): void }).readLocalFileHeader(
        info.entry,
        { minimal: true },
        (err, h) => (err ? reject(new ZipReadError(`${info.name}: ${err.message}`, 'entry')) : resolve(h.fileDataStart)),
      ),
    );
    const end = start + info.entry.compressedSize;
    if (end > this.reader.realSize) throw new ZipReadError(`${info.name}: data runs past the end of the file`, 'entry');
    return createReadStream(fsPath(this.path), { start, end: end - 1, highWaterMark: 1024 * 1024 });
  }

  private openStream(info: ZipEntryInfo, decode: boolean): Promise<Readable> {
    return new Promise((resolve, reject) =>
      this.zip.openReadStream(
        info.entry,
        // yauzl 3.4 treats an explicit decodeFileData: true as "do not inflate": pass no options to decode
        (decode ? {} : { decodeFileData: false }) as unknown as yauzl.ZipFileOptions,
        (err, s) => (err || !s ? reject(new ZipReadError(`${info.name}: ${err?.message ?? 'no stream'}`, 'entry')) : resolve(s)),
      ),
    );
  }

  close(): void {
    this.zip.close();
  }
}

function classifyOpenError(err: Error | null): ZipReadError {
  const msg = err?.message ?? 'cannot open';
  if (/end of central directory record signature not found/i.test(msg)) return new ZipReadError(msg, 'not-zip');
  return new ZipReadError(msg, 'truncated');
}
