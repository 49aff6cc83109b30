/**
 * Read-back (issue 14 §2): after an output deck is validated, the engine reads it back
 * with the preflight audit (slide XML only, no media) so that reports state what is in
 * the file, not what the processor meant to write.
 */
import { open } from 'node:fs/promises';
import type { ReadBack } from '../shared/types';
import { fsPath } from './fs-path';
import { auditDeck } from './preflight/audit';
import { extOf } from './preflight/extensions';
import { findMainPart } from './preflight/preflight';
import { fileReader } from './preflight/reader';
import { DEFAULT_ZIP_LIMITS, readZipDirectory } from './preflight/zip-directory';

/** The output deck's pictures as the file holds them; null when it cannot be read as a deck. */
export async function readBackDeck(path: string): Promise<ReadBack | null> {
  const fh = await open(fsPath(path), 'r');
  try {
    const { size } = await fh.stat();
    const reader = fileReader(fh, size);
    const dir = await readZipDirectory(reader, DEFAULT_ZIP_LIMITS);
    const main = await findMainPart(reader, dir);
    if (!main) return null;
    const { audit, missingShapes, decorative } = await auditDeck(reader, dir, main, extOf(path));
    return { pictures: audit.pictures, missingAlt: audit.picturesMissingAlt, decorative, missing: missingShapes };
  } finally {
    await fh.close().catch(() => undefined);
  }
}
