/**
 * Reading a deck's ZIP without holding it in memory: the central directory is
 * listed once (metadata only), XML parts are inflated on demand, and untouched
 * entries are later streamed raw (still compressed) into the output.
 */
import * as yauzl from 'yauzl';
import { Readable } from 'node:stream';
import { closeSync, createReadStream, fstatSync, openSync } from 'node:fs';
import { fsPath } from '../../core/fs-path';

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
  private realSize = 0;

  private constructor(
    private readonly zip: yauzl.ZipFile,
    public readonly entries: ZipEntryInfo[],
    private readonly byName: Map<string, ZipEntryInfo>,
  ) {}

  /** The deck's file when it is read directly (not padded): an unchanged deck's output is a byte copy of it. */
  get filePath(): string | null {
    return this.path;
  }

  static async open(path: string): Promise<ZipSource> {
    const options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true };
    let zip: yauzl.ZipFile;
    let direct = true;
    try {
      zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
        yauzl.open(fsPath(path) as string, options, (err, z) => (err || !z ? reject(err ?? new Error('cannot open')) : resolve(z))),
      );
    } catch (e) {
      // PowerPoint opens decks whose end record claims a comment longer or shorter
      // than the bytes that follow it; so do we, by reading the file as if it had
      // exactly that many bytes.
      const m = /Invalid comment length\. Expected: (\d+)\. Found: (\d+)/.exec((e as Error).message);
      if (!m) throw classifyOpenError(e as Error);
      const fd = openSync(fsPath(path), 'r');
      const real = fstatSync(fd).size;
      closeSync(fd);
      // "Expected" is what follows the record, "Found" what the record says
      const virtualSize = real - Number(m[1]) + Number(m[2]);
      direct = false;
      zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
        yauzl.fromRandomAccessReader(new PaddedFileReader(path, real), virtualSize, options, (err, z) =>
          err || !z ? reject(classifyOpenError(err)) : resolve(z),
        ),
      );
    }
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
    const src = new ZipSource(zip, entries, byName);
    if (direct) {
      src.path = path;
      src.realSize = (zip as unknown as { fileSize: number }).fileSize;
    }
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
    if (end > this.realSize) throw new ZipReadError(`${info.name}: data runs past the end of the file`, 'entry');
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

/** Reads a file, with zeros past its end (for end records that promise a longer comment). */
class PaddedFileReader extends (yauzl.RandomAccessReader as unknown as new () => yauzl.RandomAccessReader) {
  constructor(private readonly path: string, private readonly realSize: number) {
    super();
  }
  override _readStreamForRange(start: number, end: number): Readable {
    const realEnd = Math.min(end, this.realSize);
    const pad = end - Math.max(start, realEnd);
    const file = start < realEnd ? createReadStream(fsPath(this.path), { start, end: realEnd - 1 }) : null;
    if (pad <= 0 && file) return file;
    const self = this;
    return Readable.from(
      (async function* () {
        if (file) for await (const c of file) yield c as Buffer;
        if (pad > 0) yield Buffer.alloc(pad);
        void self;
      })(),
    );
  }
}

function classifyOpenError(err: Error | null): ZipReadError {
  const msg = err?.message ?? 'cannot open';
  if (/end of central directory record signature not found/i.test(msg)) return new ZipReadError(msg, 'not-zip');
  return new ZipReadError(msg, 'truncated');
}
