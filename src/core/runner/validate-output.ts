/**
 * Checks a processor's output before it is committed (DESIGN.md §4: exit 0 is not
 * enough). Every entry is inflated and its CRC-32 compared (yauzl reads but does
 * not check CRCs). yauzl lists the central directory; an entry up to
 * SYNC_ENTRY_MAX_BYTES is then checked with one positional read and one synchronous
 * inflate, a larger one streams, so a 500 MB deck costs a few buffers, not 500 MB.
 *
 * Why not stream every entry: yauzl's reads and zlib's streams each take a round trip
 * through libuv's thread pool per chunk; a deck of 150 small parts made ~600 of them,
 * and the check cost 16 ms of the engine's CPU a deck (40 corpus decks: 0.71 s, a third
 * of the processing itself, competing with the workers for the cores; issue 10).
 */
import { close as closeFd, openSync, promises as fsp, readSync } from 'node:fs';
import { fsPath } from '../fs-path';
import { crc32 } from 'node:zlib';
import type { Entry, Options, ZipFile } from 'yauzl';
import { openZipFile, readEntrySync, readsSync, type OpenedZip } from '../zip-file-reader';

export type OutputCheck = { ok: true; entries: number } | { ok: false; message: string };

const REQUIRED = ['[content_types].xml', 'ppt/presentation.xml'];
const YIELD_EVERY_BYTES = 2 * 1024 * 1024;

export async function validateOutput(path: string): Promise<OutputCheck> {
  let size: number;
  try {
    const st = await fsp.stat(fsPath(path));
    if (!st.isFile()) return { ok: false, message: `output is not a file: ${path}` };
    size = st.size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, message: `the processor wrote no output file: ${path}` };
    return { ok: false, message: `output cannot be read (${code ?? String(err)}): ${path}` };
  }
  if (size === 0) return { ok: false, message: `output file is empty: ${path}` };

  const options: Options = { validateEntrySizes: true, strictFileNames: false };
  let opened: OpenedZip;
  try {
    opened = await openZipFile(path, options);
  } catch (err) {
    const declared = /Invalid comment length/.test((err as Error).message) ? declaredZipSize(path, size) : null;
    if (declared === null) return { ok: false, message: `output is not a readable ZIP archive: ${(err as Error).message}` };
    // Real decks sometimes carry a stray byte after the ZIP (a newline added in
    // transit) or a comment length overrunning the file; PowerPoint shrugs. Read
    // the archive where its own end record says it ends, so a deck passed through
    // unchanged by a custom processor is not refused.
    try {
      opened = await openZipFile(path, options, declared);
    } catch (err2) {
      return { ok: false, message: `output is not a readable ZIP archive: ${(err2 as Error).message}` };
    }
  }

  const { zip, reader } = opened;
  try {
    const seen = new Set<string>();
    let entries = 0;
    let sinceYield = 0;
    for (;;) {
      const entry = await nextEntry(zip);
      if (!entry) break;
      entries++;
      seen.add(entry.fileName.toLowerCase());
      if (entry.fileName.endsWith('/')) continue;
      if (entry.isEncrypted()) return { ok: false, message: `output entry is encrypted: ${entry.fileName}` };
      const small = readsSync(entry);
      const actual = small ? crc32(readEntrySync(reader, entry)) >>> 0 : await entryCrc(zip, entry);
      // The engine's event loop (progress, IPC, the other decks' workers) waits while a check reads
      // synchronously: it gets a turn after every 2 MiB read (a slow network share) or 8 MiB inflated.
      if (small && (sinceYield += entry.compressedSize + entry.uncompressedSize / 4) >= YIELD_EVERY_BYTES) {
        sinceYield = 0;
        await new Promise((r) => setImmediate(r));
      }
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

const EOCD_SIG = 0x06054b50;
const EOCD_SIZE = 22;

/** Where the archive ends by its last end-of-central-directory record, if that differs from the file size. */
function declaredZipSize(path: string, size: number): number | null {
  const len = Math.min(size, EOCD_SIZE + 0xffff);
  const buf = Buffer.alloc(len);
  let fd: number | null = null;
  try {
    fd = openSync(fsPath(path), 'r');
    readSync(fd, buf, 0, len, size - len);
  } catch {
    return null;
  } finally {
    if (fd !== null) closeFd(fd, () => {});
  }
  for (let i = len - EOCD_SIZE; i >= 0; i--) {
    if (buf.readUInt32LE(i) !== EOCD_SIG) continue;
    const end = size - len + i + EOCD_SIZE + buf.readUInt16LE(i + 20);
    // Tolerate a little slack only: more would be a different file glued on.
    return end !== size && Math.abs(end - size) <= 1024 ? end : null;
  }
  return null;
}
