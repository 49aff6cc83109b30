/**
 * Writing the output: every entry of the source in order ([Content_Types].xml
 * first), untouched ones as their raw compressed bytes, changed parts deflated
 * anew, new parts at the end; to a temp file beside the output, fsynced, renamed.
 */
import { closeSync, copyFileSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { ZipReadError, type ZipSource } from './zip/reader';
import { stripZip64, ZipWriter, type EntryMeta } from './zip/writer';
import { AbortedError, BadInputError, TempFailError, throwIfAborted } from './errors';
import { processorTempPath } from '../core/file-names';
import { fsPath } from '../core/fs-path';

export function tempPathFor(output: string): string {
  return processorTempPath(output);
}

/** An entry's central-directory facts, as the writer needs them to copy it raw. */
export function metaOf(e: ZipSource['entries'][number]['entry'], rawName: Buffer): EntryMeta {
  const extra = Buffer.concat(
    (e.extraFields ?? []).filter((f) => f.id !== 0x0001).map((f) => {
      const h = Buffer.alloc(4);
      h.writeUInt16LE(f.id, 0);
      h.writeUInt16LE(f.data.length, 2);
      return Buffer.concat([h, f.data]);
    }),
  );
  const comment = (e as unknown as { fileComment?: Buffer | string }).fileComment;
  return {
    rawName,
    versionMadeBy: e.versionMadeBy,
    versionNeeded: e.versionNeededToExtract,
    flags: e.generalPurposeBitFlag,
    method: e.compressionMethod,
    time: e.lastModFileTime,
    date: e.lastModFileDate,
    crc: e.crc32,
    compressedSize: e.compressedSize,
    uncompressedSize: e.uncompressedSize,
    extra: stripZip64(extra),
    comment: Buffer.isBuffer(comment) ? comment : Buffer.from(comment ?? '', 'latin1'),
    internalAttrs: e.internalFileAttributes,
    externalAttrs: e.externalFileAttributes,
  };
}

/** Copy the archive with `changed` parts replaced, to a temp file renamed into place only when complete. */
export async function writeDeck(
  zip: ZipSource,
  output: string,
  changed: Map<string, Buffer>,
  signal?: AbortSignal,
  durable = true,
  added: Array<{ name: string; data: Buffer }> = [],
): Promise<void> {
  const tmp = tempPathFor(output);
  mkdirSync(fsPath(dirname(output)), { recursive: true });
  rmSync(fsPath(tmp), { force: true });
  // Nothing to change: the output is the deck's own bytes (an output is always written:
  // issue 8 §6), when they are already in the order we write ([Content_Types].xml first).
  const copyOf = !changed.size && !added.length && zip.entries[0]?.name === '[Content_Types].xml' ? zip.filePath : null;
  const writer = copyOf ? null : new ZipWriter(tmp);
  const onAbort = () => undefined;
  signal?.addEventListener('abort', onAbort);
  try {
    if (copyOf) copyFileSync(fsPath(copyOf), fsPath(tmp));
    else await writeEntries(zip, writer!, changed, added, signal);
    await holdForTests(signal);
    throwIfAborted(signal);
    if (durable) {
      const fd = openSync(fsPath(tmp), 'r+');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    renameSync(fsPath(tmp), fsPath(output));
  } catch (e) {
    await writer?.abort().catch(() => undefined);
    rmSync(fsPath(tmp), { force: true });
    if (signal?.aborted) throw new AbortedError();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') throw new TempFailError('The output drive is full. Free some space and try again.');
    if (e instanceof ZipReadError) throw new BadInputError(`The deck is damaged (${e.message}). Open it in PowerPoint and save a new copy.`);
    throw e;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

async function writeEntries(
  zip: ZipSource,
  writer: ZipWriter,
  changed: Map<string, Buffer>,
  added: Array<{ name: string; data: Buffer }>,
  signal?: AbortSignal,
): Promise<void> {
  const order = [...zip.entries];
  const ct = order.findIndex((e) => e.name === '[Content_Types].xml');
  if (ct > 0) order.unshift(order.splice(ct, 1)[0]);
  for (const info of order) {
    throwIfAborted(signal);
    const meta = metaOf(info.entry, info.rawName);
    const first = zip.get(info.name) === info;
    const replacement = first ? changed.get(info.name) : undefined;
    if (replacement) await writer.addDeflated(meta, replacement);
    else await writer.addRaw(meta, await zip.openRaw(info), signal);
  }
  if (added.length) {
    // new parts take their time stamp and attributes from the presentation part
    const model = zip.get('ppt/presentation.xml') ?? zip.entries[0];
    const base = metaOf(model.entry, model.rawName);
    for (const a of added) {
      await writer.addDeflated({ ...base, rawName: Buffer.from(a.name, 'utf8'), flags: 0, extra: Buffer.alloc(0), comment: Buffer.alloc(0) }, a.data);
    }
  }
  await writer.finish();
}

/**
 * Test seam: with ALTDECK_TEST_HOLD_BEFORE_RENAME=1 the complete temp file waits
 * for a stop signal, so tests can prove a stop at the last moment leaves nothing.
 */
async function holdForTests(signal?: AbortSignal): Promise<void> {
  if (process.env.ALTDECK_TEST_HOLD_BEFORE_RENAME !== '1' || !signal) return;
  process.stdout.write(JSON.stringify({ type: 'log', level: 'info', message: 'holding before rename' }) + '\n');
  if (signal.aborted) return;
  await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
