/** Test helpers: what is really inside a ZIP (raw entries, hashes) and XML well-formedness. */
import { createHash } from 'node:crypto';
import { SaxesParser } from 'saxes';
import { ZipSource } from '../../src/processor/zip/reader';

export interface RawEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  rawSha: string;
}

export async function rawEntries(path: string): Promise<RawEntry[]> {
  const zip = await ZipSource.open(path);
  try {
    const out: RawEntry[] = [];
    for (const info of zip.entries) {
      const h = createHash('sha256');
      for await (const c of await zip.openRaw(info)) h.update(c as Buffer);
      out.push({
        name: info.name,
        method: info.entry.compressionMethod,
        crc: info.entry.crc32,
        compressedSize: info.entry.compressedSize,
        uncompressedSize: info.entry.uncompressedSize,
        rawSha: h.digest('hex'),
      });
    }
    return out;
  } finally {
    zip.close();
  }
}

export async function readEntry(path: string, name: string): Promise<Buffer> {
  const zip = await ZipSource.open(path);
  try {
    return await zip.read(name);
  } finally {
    zip.close();
  }
}

/** null when well-formed, else the parser's complaint. */
export function xmlError(xml: string): string | null {
  const p = new SaxesParser({ xmlns: true });
  let err: string | null = null;
  p.on('error', (e) => {
    err ??= e.message;
  });
  try {
    p.write(xml).close();
  } catch (e) {
    err ??= (e as Error).message;
  }
  return err;
}
