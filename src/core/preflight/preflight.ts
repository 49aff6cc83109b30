/**
 * preflightFile: the dry-run check of one file. Cheap checks first (stat, name,
 * size), then two small reads (head magic, tail central directory), then the
 * audit. Never throws: every outcome is a PreflightResult.
 */
import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { describeError, type ErrorCode } from '../../shared/errors';
import type { PreflightRejected, PreflightResult } from '../../shared/types';
import { findOfficeLock } from '../locks/office';
import { fsPath } from '../fs-path';
import { auditDeck, emptyAudit, SIGNED_WARNING } from './audit';
import { CFB_MAGIC, CfbError, classifyCfbNames, listCfbNames, sniffCfbNames } from './cfb';
import { extOf, isDeckName, isLegacyName } from './extensions';
import { parseRels, relTypeIs } from './ooxml';
import { fileReader, type RandomReader } from './reader';
import { decodeXml } from './xml-scan';
import { DEFAULT_ZIP_LIMITS, formatBytes, readZipDirectory, ZipProblem, type ZipDirectory } from './zip-directory';
import { readEntry } from './zip-entry';

export interface PreflightOptions {
  /** TOO_LARGE above this file size. Default 2 GiB. */
  maxBytes?: number;
  /** ZIP_BOMB when the entries claim more than this in total. Default 8 GiB. */
  maxUncompressedBytes?: number;
  /** ZIP_BOMB when one entry above 1 MiB claims a larger compression ratio. Default 1000. */
  maxRatio?: number;
  /** Count slides/pictures/missing ALT (default true); false stops after the container checks. */
  audit?: boolean;
}

export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;

export function rejected(path: string, code: ErrorCode, detail?: string, size?: number): PreflightRejected {
  const r: PreflightRejected = { ok: false, path, code, message: describeError(code) };
  if (detail) r.detail = detail;
  if (size !== undefined) r.size = size;
  return r;
}

function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

function ioRejection(path: string, err: unknown, size?: number): PreflightRejected {
  const code = errnoOf(err);
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return rejected(path, 'NOT_FOUND', code, size);
  if (code === 'EISDIR') return rejected(path, 'NOT_A_FILE', undefined, size);
  // Windows: a deck held without read sharing (PowerPoint mid-save, a sync client): worth a retry, unlike NOT_READABLE.
  if (code === 'EBUSY') return rejected(path, 'LOCKED_BY_OFFICE', 'in use by another program', size);
  return rejected(path, 'NOT_READABLE', code ? `${code}: ${(err as Error).message}` : String(err), size);
}

export async function preflightFile(path: string, opts: PreflightOptions = {}): Promise<PreflightResult> {
  const abs = resolve(path);
  try {
    return await check(abs, opts);
  } catch (err) {
    if (errnoOf(err)) return ioRejection(abs, err);
    // Not an I/O error: bytes our parsers did not expect. The file is damaged, whatever it is.
    return rejected(abs, 'TRUNCATED_ZIP', `damaged beyond reading: ${(err as Error)?.message ?? String(err)}`);
  }
}

async function check(path: string, opts: PreflightOptions): Promise<PreflightResult> {
  let st;
  try {
    st = await stat(fsPath(path));
  } catch (err) {
    return ioRejection(path, err);
  }
  const size = st.size;
  if (!st.isFile()) return rejected(path, 'NOT_A_FILE', st.isDirectory() ? 'a folder' : undefined);
  const ext = extOf(path);
  if (isLegacyName(path)) return rejected(path, 'LEGACY_PPT', `a ${ext} file`, size);
  if (!isDeckName(path)) return rejected(path, 'WRONG_EXTENSION', ext ? `"${ext}" files are not decks` : 'no extension', size);
  if (size === 0) return rejected(path, 'EMPTY_FILE', undefined, size);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (size > maxBytes) return rejected(path, 'TOO_LARGE', `${formatBytes(size)} (limit ${formatBytes(maxBytes)})`, size);

  let fh: FileHandle;
  try {
    fh = await open(fsPath(path), 'r');
  } catch (err) {
    return ioRejection(path, err, size);
  }
  try {
    const reader = fileReader(fh, size);
    const head = await reader.read(0, 16);
    if (head.length >= 8 && head.subarray(0, 8).equals(CFB_MAGIC)) return await checkCompoundFile(path, reader, size);
    if (!isZipHead(head)) return rejected(path, 'NOT_ZIP', sniffKind(head), size);

    let dir: ZipDirectory;
    try {
      dir = await readZipDirectory(reader, {
        ...DEFAULT_ZIP_LIMITS,
        maxUncompressedBytes: opts.maxUncompressedBytes ?? DEFAULT_ZIP_LIMITS.maxUncompressedBytes,
        maxRatio: opts.maxRatio ?? DEFAULT_ZIP_LIMITS.maxRatio,
      });
    } catch (err) {
      if (err instanceof ZipProblem) return rejected(path, err.code, err.detail, size);
      throw err;
    }
    if (dir.entries.length === 0) return rejected(path, 'NOT_PPTX', 'an empty ZIP archive (no entries at all)', size);
    if (!dir.byName.has('[content_types].xml')) return rejected(path, 'NOT_PPTX', `no [Content_Types].xml: ${guessZipKind(dir)}`, size);
    const mainPart = await findMainPart(reader, dir);
    if (!mainPart) return rejected(path, 'NOT_PPTX', `no ppt/presentation.xml: ${guessZipKind(dir)}`, size);

    // Checked after the container: a damaged deck needs fixing whoever has it open.
    const lock = await findOfficeLock(path);
    if (lock) {
      // The owner's name is what a coordinator can act on; without one, the file that says so.
      const where = lock.kind === 'libreoffice' ? 'LibreOffice' : 'PowerPoint';
      const detail = lock.owner ?? (lock.lockPath ? `open in ${where} (owner file ${basename(lock.lockPath)})` : `open in ${where}`);
      return rejected(path, 'LOCKED_BY_OFFICE', detail, size);
    }

    if (opts.audit === false) {
      const audit = emptyAudit(dir);
      return { ok: true, path, code: 'OK', size, mtimeMs: st.mtimeMs, audit, warnings: audit.signed ? [SIGNED_WARNING] : [] };
    }
    const { audit, warnings } = await auditDeck(reader, dir, mainPart, ext);
    return { ok: true, path, code: 'OK', size, mtimeMs: st.mtimeMs, audit, warnings };
  } finally {
    await fh.close().catch(() => undefined);
  }
}

function isZipHead(head: Buffer): boolean {
  // PK\3\4 starts every archive with entries; PK\5\6 is an archive with none.
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}

/** A hint for the detail line: what the bytes look like instead. */
export function sniffKind(head: Buffer): string {
  const ascii = head.toString('latin1');
  if (ascii.startsWith('%PDF')) return 'looks like a PDF document';
  if (/^\s*<(\?xml|!doctype|html|head)/i.test(ascii)) return 'looks like an XML or web page';
  if (head.length >= 4 && head.readUInt32BE(0) === 0x00051607) return 'a macOS resource-fork ("._") file, not the deck itself';
  if (ascii.startsWith('PK')) return 'a damaged ZIP header';
  if (head.every((b) => b === 0)) return 'the start of the file is all zero bytes';
  return 'no ZIP signature at the start of the file';
}

function guessZipKind(dir: ZipDirectory): string {
  const has = (p: string) => dir.byName.has(p);
  if (has('word/document.xml')) return 'looks like a Word document';
  if (has('xl/workbook.xml')) return 'looks like an Excel workbook';
  if (has('content.xml') && has('mimetype')) return 'looks like an OpenDocument file';
  return 'a ZIP archive that holds no presentation';
}

/**
 * The presentation part: normally ppt/presentation.xml; otherwise whatever the
 * package relationships name as the office document, if that part exists.
 */
export async function findMainPart(reader: RandomReader, dir: ZipDirectory): Promise<string | null> {
  if (dir.byName.has('ppt/presentation.xml')) return dir.byName.get('ppt/presentation.xml')!.name;
  const rels = dir.byName.get('_rels/.rels');
  if (!rels) return null;
  try {
    const xml = decodeXml(await readEntry(reader, rels, 4 * 1024 ** 2));
    const main = parseRels(xml, '').find((r) => !r.external && relTypeIs(r.type, 'officeDocument'));
    const entry = main && dir.byName.get(main.target.toLowerCase());
    // Only a presentation counts: a Word or Excel main part is not our business.
    return entry && /presentation[^/]*\.xml$/i.test(entry.name) ? entry.name : null;
  } catch {
    return null;
  }
}

async function checkCompoundFile(path: string, reader: RandomReader, size: number): Promise<PreflightRejected> {
  let names: string[];
  let damaged = false;
  try {
    names = await listCfbNames(reader);
  } catch (err) {
    if (!(err instanceof CfbError)) throw err;
    damaged = true;
    names = await sniffCfbNames(reader);
  }
  const kind = classifyCfbNames(names);
  if (kind === 'encrypted-ooxml') return rejected(path, 'ENCRYPTED', 'an encrypted package (OLE2 EncryptionInfo + EncryptedPackage)', size);
  if (kind === 'legacy-ppt') return rejected(path, 'LEGACY_PPT', `a PowerPoint 97-2003 file with a ${extOf(path)} name`, size);
  return rejected(path, 'NOT_ZIP', damaged ? 'a damaged OLE2 compound file' : 'an OLE2 compound file that is not a PowerPoint deck (another Office 97-2003 file?)', size);
}
