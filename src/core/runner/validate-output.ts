/**
 * Checks a processor's output before it is committed (DESIGN.md §4: exit 0 is not
 * enough). Every entry is inflated and its CRC-32 compared (yauzl reads but does
 * not check CRCs), streaming, so a 500 MB deck costs a few buffers, not 500 MB.
 */
import { promises as fsp } from 'node:fs';
import { crc32 } from 'node:zlib';
import { open as openZip, type Entry, type ZipFile } from 'yauzl';

export type OutputCheck = { ok: true; entries: number } | { ok: false; message: string };

const REQUIRED = ['[content_types].xml', 'ppt/presentation.xml'];

export async function validateOutput(path: string): Promise<OutputCheck> {
  let size: number;
  try {
    const st = await fsp.stat(path);
    if (!st.isFile()) return { ok: false, message: `output is not a file: ${path}` };
    size = st.size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, message: `the processor wrote no output file: ${path}` };
    return { ok: false, message: `output cannot be read (${code ?? String(err)}): ${path}` };
  }
  if (size === 0) return { ok: false, message: `output file is empty: ${path}` };

  let zip: ZipFile;
  try {
    zip = await new Promise<ZipFile>((resolve, reject) =>
      openZip(path, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, z) =>
        err ? reject(err) : resolve(z),
      ),
    );
  } catch (err) {
    return { ok: false, message: `output is not a readable ZIP archive: ${(err as Error).message}` };
  }

  try {
    const seen = new Set<string>();
    let entries = 0;
    for (;;) {
      const entry = await nextEntry(zip);
      if (!entry) break;
      entries++;
      seen.add(entry.fileName.toLowerCase());
      if (entry.fileName.endsWith('/')) continue;
      if (entry.isEncrypted()) return { ok: false, message: `output entry is encrypted: ${entry.fileName}` };
      const actual = await entryCrc(zip, entry);
      if (actual !== entry.crc32) {
        return { ok: false, message: `output entry is corrupt (CRC mismatch): ${entry.fileName}` };
      }
    }
    const missing = REQUIRED.filter((name) => !seen.has(name));
    if (missing.length) {
      return { ok: false, message: `output is a ZIP archive but not a PowerPoint deck (missing ${missing.join(', ')})` };
    }
    return { ok: true, entries };
  } catch (err) {
    return { ok: false, message: `output is damaged: ${(err as Error).message}` };
  } finally {
    zip.close();
  }
}

function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (e: Entry) => (cleanup(), resolve(e));
    const onEnd = () => (cleanup(), resolve(null));
    const onError = (err: Error) => (cleanup(), reject(err));
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function entryCrc(zip: ZipFile, entry: Entry): Promise<number> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      let crc = 0;
      stream.on('data', (chunk: Buffer) => {
        crc = crc32(chunk, crc);
      });
      stream.on('error', (e: Error) => reject(new Error(`${entry.fileName}: ${e.message}`)));
      stream.on('end', () => resolve(crc >>> 0));
    });
  });
}
