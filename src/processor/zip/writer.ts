/**
 * A ZIP writer for copying a deck: untouched entries are streamed in with their
 * compressed bytes, method, CRC, times and attributes unchanged; changed parts
 * are deflated afresh. Local headers are written without data descriptors
 * (sizes are known up front) and the central directory is built here, so the
 * output never depends on how the source archive was laid out.
 * Archives past the classic ZIP limits get ZIP64 records.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { fsPath } from '../../core/fs-path';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import { crc32 } from './crc32';

export interface EntryMeta {
  rawName: Buffer;
  versionMadeBy: number;
  versionNeeded: number;
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Central-directory extra fields other than ZIP64 (kept as they were). */
  extra: Buffer;
  comment: Buffer;
  internalAttrs: number;
  externalAttrs: number;
}

interface Written extends EntryMeta {
  offset: number;
}

const U32 = 0xffffffff;
const U16 = 0xffff;

/** Drop ZIP64 (0x0001) records from an extra field: they are recomputed. */
export function stripZip64(extra: Buffer): Buffer {
  const parts: Buffer[] = [];
  let i = 0;
  while (i + 4 <= extra.length) {
    const id = extra.readUInt16LE(i);
    const len = extra.readUInt16LE(i + 2);
    if (i + 4 + len > extra.length) break; // malformed tail: drop it
    if (id !== 0x0001) parts.push(extra.subarray(i, i + 4 + len));
    i += 4 + len;
  }
  return Buffer.concat(parts);
}

export class ZipWriter {
  private out: WriteStream;
  private offset = 0;
  private written: Written[] = [];
  private failed: Error | null = null;

  constructor(path: string) {
    // a deep buffer lets the next read overlap the disk write
    this.out = createWriteStream(fsPath(path), { flags: 'wx', highWaterMark: 4 * 1024 * 1024 });
    this.out.on('error', (e) => (this.failed = e));
  }

  get bytesWritten(): number {
    return this.offset;
  }

  private async write(buf: Buffer): Promise<void> {
    if (this.failed) throw this.failed;
    this.offset += buf.length;
    if (!this.out.write(buf)) await once(this.out, 'drain');
    if (this.failed) throw this.failed;
  }

  private localHeader(m: EntryMeta): Buffer {
    const zip64 = m.compressedSize >= U32 || m.uncompressedSize >= U32;
    const extra = zip64 ? Buffer.alloc(20) : Buffer.alloc(0);
    if (zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(16, 2);
      extra.writeBigUInt64LE(BigInt(m.uncompressedSize), 4);
      extra.writeBigUInt64LE(BigInt(m.compressedSize), 12);
    }
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(zip64 ? Math.max(45, m.versionNeeded) : m.versionNeeded, 4);
    h.writeUInt16LE(m.flags, 6);
    h.writeUInt16LE(m.method, 8);
    h.writeUInt16LE(m.time, 10);
    h.writeUInt16LE(m.date, 12);
    h.writeUInt32LE(m.crc >>> 0, 14);
    h.writeUInt32LE(zip64 ? U32 : m.compressedSize, 18);
    h.writeUInt32LE(zip64 ? U32 : m.uncompressedSize, 22);
    h.writeUInt16LE(m.rawName.length, 26);
    h.writeUInt16LE(extra.length, 28);
    return Buffer.concat([h, m.rawName, extra]);
  }

  /** Copy an entry's stored bytes as they are; `meta` comes from the source's central directory. */
  async addRaw(meta: EntryMeta, data: Readable | Iterable<Buffer>, signal?: AbortSignal): Promise<void> {
    // bit 3 (data descriptor) is meaningless once sizes are in the local header
    const m = { ...meta, flags: meta.flags & ~0x0008 };
    const offset = this.offset;
    await this.write(this.localHeader(m));
    let n = 0;
    for await (const chunk of data as AsyncIterable<Buffer>) {
      if (signal?.aborted) {
        if ('destroy' in data) data.destroy();
        throw signal.reason ?? new Error('aborted');
      }
      n += chunk.length;
      await this.write(chunk);
    }
    if (n !== m.compressedSize) throw new Error(`entry ${m.rawName.toString()} has ${n} bytes, expected ${m.compressedSize}`);
    this.written.push({ ...m, offset });
  }

  /** Add new content for an entry, deflated; other metadata (time, attributes, extras) is kept from `template`. */
  async addDeflated(template: EntryMeta, content: Buffer): Promise<void> {
    const compressed = deflateRawSync(content);
    const m: EntryMeta = {
      ...template,
      flags: template.flags & ~0x0008 & ~0x0006, // clear descriptor and deflate-level hint bits
      method: 8,
      versionNeeded: Math.max(20, template.versionNeeded),
      crc: crc32(content),
      compressedSize: compressed.length,
      uncompressedSize: content.length,
    };
    const offset = this.offset;
    await this.write(this.localHeader(m));
    await this.write(compressed);
    this.written.push({ ...m, offset });
  }

  /** Write the central directory and close the file (fsync is the caller's, on the path). */
  async finish(comment: Buffer = Buffer.alloc(0)): Promise<void> {
    const cdStart = this.offset;
    for (const w of this.written) {
      const needSizes = w.compressedSize >= U32 || w.uncompressedSize >= U32;
      const needOffset = w.offset >= U32;
      const z: Buffer[] = [];
      if (needSizes) {
        const b = Buffer.alloc(16);
        b.writeBigUInt64LE(BigInt(w.uncompressedSize), 0);
        b.writeBigUInt64LE(BigInt(w.compressedSize), 8);
        z.push(b);
      }
      if (needOffset) {
        const b = Buffer.alloc(8);
        b.writeBigUInt64LE(BigInt(w.offset), 0);
        z.push(b);
      }
      let zip64Extra = Buffer.alloc(0);
      if (z.length) {
        const body = Buffer.concat(z);
        const head = Buffer.alloc(4);
        head.writeUInt16LE(0x0001, 0);
        head.writeUInt16LE(body.length, 2);
        zip64Extra = Buffer.concat([head, body]);
      }
      const extra = Buffer.concat([zip64Extra, w.extra]);
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(w.versionMadeBy, 4);
      h.writeUInt16LE(z.length ? Math.max(45, w.versionNeeded) : w.versionNeeded, 6);
      h.writeUInt16LE(w.flags, 8);
      h.writeUInt16LE(w.method, 10);
      h.writeUInt16LE(w.time, 12);
      h.writeUInt16LE(w.date, 14);
      h.writeUInt32LE(w.crc >>> 0, 16);
      h.writeUInt32LE(needSizes ? U32 : w.compressedSize, 20);
      h.writeUInt32LE(needSizes ? U32 : w.uncompressedSize, 24);
      h.writeUInt16LE(w.rawName.length, 28);
      h.writeUInt16LE(extra.length, 30);
      h.writeUInt16LE(w.comment.length, 32);
      h.writeUInt16LE(0, 34);
      h.writeUInt16LE(w.internalAttrs, 36);
      h.writeUInt32LE(w.externalAttrs >>> 0, 38);
      h.writeUInt32LE(needOffset ? U32 : w.offset, 42);
      await this.write(Buffer.concat([h, w.rawName, extra, w.comment]));
    }
    const cdSize = this.offset - cdStart;
    const count = this.written.length;
    if (count >= U16 || cdStart >= U32 || cdSize >= U32) {
      const eocd64At = this.offset;
      const r = Buffer.alloc(56);
      r.writeUInt32LE(0x06064b50, 0);
      r.writeBigUInt64LE(44n, 4);
      r.writeUInt16LE(45, 12);
      r.writeUInt16LE(45, 14);
      r.writeUInt32LE(0, 16);
      r.writeUInt32LE(0, 20);
      r.writeBigUInt64LE(BigInt(count), 24);
      r.writeBigUInt64LE(BigInt(count), 32);
      r.writeBigUInt64LE(BigInt(cdSize), 40);
      r.writeBigUInt64LE(BigInt(cdStart), 48);
      const loc = Buffer.alloc(20);
      loc.writeUInt32LE(0x07064b50, 0);
      loc.writeUInt32LE(0, 4);
      loc.writeBigUInt64LE(BigInt(eocd64At), 8);
      loc.writeUInt32LE(1, 16);
      await this.write(Buffer.concat([r, loc]));
    }
    const e = Buffer.alloc(22);
    e.writeUInt32LE(0x06054b50, 0);
    e.writeUInt16LE(0, 4);
    e.writeUInt16LE(0, 6);
    e.writeUInt16LE(Math.min(count, U16), 8);
    e.writeUInt16LE(Math.min(count, U16), 10);
    e.writeUInt32LE(Math.min(cdSize, U32), 12);
    e.writeUInt32LE(Math.min(cdStart, U32), 16);
    e.writeUInt16LE(comment.length, 20);
    await this.write(Buffer.concat([e, comment]));
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (this.failed) throw this.failed;
  }

  /** Close without finishing (the caller deletes the file). */
  async abort(): Promise<void> {
    if (this.out.closed) return;
    await new Promise<void>((resolve) => {
      this.out.once('close', () => resolve());
      this.out.destroy();
    });
  }
}
