/**
 * SHA-256 of a picture's bytes, reported with each item so the Review screen decides
 * identical images once across a whole batch (issue 11 §1). Each media part is hashed
 * once per deck; a part too large to read whole (a video) gets no hash and is reviewed
 * on its own, never grouped by a guess.
 */
import { createHash } from 'node:crypto';
import type { ZipSource } from './zip/reader';

export const MAX_HASHED_MEDIA_BYTES = 32 * 1024 * 1024;

export async function mediaHashOf(zip: ZipSource, part: string | null, cache: Map<string, string | null>): Promise<string | null> {
  if (!part) return null;
  if (cache.has(part)) return cache.get(part)!;
  let hash: string | null = null;
  const info = zip.get(part);
  if (info && info.entry.uncompressedSize <= MAX_HASHED_MEDIA_BYTES) {
    try {
      hash = createHash('sha256')
        .update(await zip.read(part, MAX_HASHED_MEDIA_BYTES))
        .digest('hex');
    } catch {
      hash = null; // an unreadable picture is reported where its ALT is decided; it is just not grouped
    }
  }
  cache.set(part, hash);
  return hash;
}
