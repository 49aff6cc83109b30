import type { FileHandle } from 'node:fs/promises';

/** Random access to a file's bytes: preflight reads small pieces at offsets, never the whole file. */
export interface RandomReader {
  readonly size: number;
  /** Reads up to `length` bytes at `position`; shorter only at the end of the file. */
  read(position: number, length: number): Promise<Buffer>;
}

export function fileReader(fh: FileHandle, size: number): RandomReader {
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
