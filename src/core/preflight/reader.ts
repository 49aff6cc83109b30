import type { FileHandle } from 'node:fs/promises';

/** Random access to a file's bytes: preflight reads small pieces at offsets, never the whole file. */
export interface RandomReader {
  readonly size: number;
  /** Reads up to `length` bytes at `position`; shorter only at the end of the file. */
  read(position: number, length: number): Promise<Buffer>;
}

/**
 * Reads through a FileHandle. Small files are read whole on first use and large
 * reads are kept, so the tail read that finds the end record usually serves the
 * central directory and every later small read without another system call.
 */
export function fileReader(fh: FileHandle, size: number, wholeFileBelow = 256 * 1024): RandomReader {
  const raw = rawFileReader(fh, size);
  let cache: { start: number; data: Buffer } | null = null;
  return {
    size,
    async read(position, length) {
      const end = Math.min(size, position + length);
      if (cache && position >= cache.start && end <= cache.start + cache.data.length) {
        return cache.data.subarray(position - cache.start, end - cache.start);
      }
      if (size <= wholeFileBelow) {
        cache = { start: 0, data: await raw.read(0, size) };
        return cache.data.subarray(Math.min(position, cache.data.length), Math.min(end, cache.data.length));
      }
      const data = await raw.read(position, length);
      if (data.length >= 16 * 1024) cache = { start: position, data };
      return data;
    },
  };
}

function rawFileReader(fh: FileHandle, size: number): RandomReader {
  return {
    size,
    async read(position, length) {
      const want = Math.max(0, Math.min(length, size - position));
      const buf = Buffer.allocUnsafe(want);
      let got = 0;
      while (got < want) {
        const { bytesRead } = await fh.read(buf, got, want - got, position + got);
        if (bytesRead === 0) break; // file shrank under us
        got += bytesRead;
      }
      return got === want ? buf : buf.subarray(0, got);
    },
  };
}

export function bufferReader(data: Buffer): RandomReader {
  return {
    size: data.length,
    async read(position, length) {
      return data.subarray(position, Math.min(data.length, position + length));
    },
  };
}
