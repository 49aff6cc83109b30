/**
 * The one preview cache (issues 10, 11, 14), in AltDeck's home:
 * <home>/thumbnails/<first 2 hex>/<sha256>-<px>.json, keyed by the picture's content (the
 * SHA-256 of its bytes, which the processor reports with each item as mediaHash) and the
 * preview's size (256 px for reports, 512 px for the Review screen). A logo on 2,000 decks
 * is made once; the report, the output folder's report and the Review screen all read
 * it from here, and the built-in processor fills it while it has the deck open (in the
 * workers, in parallel), so a report rarely decodes a picture itself.
 *
 * Only real previews are kept: a stand-in may be about a deck or a decoder that is back
 * tomorrow. Files appear atomically (temporary file, rename): a crash leaves either the
 * whole preview or none, and a torn file is simply made again. Everything here is best
 * effort: a read-only or full home costs time, never a preview.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeThumbnail, type ThumbnailResult } from './thumbnail';

export type CachedPreview = { dataUrl: string };

export const thumbnailCacheDir = (home: string): string => join(home, 'thumbnails');

export const isMediaHash = (h: unknown): h is string => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h);

export const mediaHashOfBytes = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export function cachedPreviewFile(dir: string, hash: string, px: number): string {
  return join(dir, hash.slice(0, 2), `${hash}-${px}.json`);
}

export function readCachedPreview(dir: string, hash: string, px: number): CachedPreview | null {
  try {
    const v = JSON.parse(readFileSync(cachedPreviewFile(dir, hash, px), 'utf8')) as Partial<CachedPreview>;
    return typeof v?.dataUrl === 'string' && v.dataUrl.startsWith('data:image/') ? { dataUrl: v.dataUrl } : null;
  } catch {
    return null; // not made yet, or a torn file from a crash: made again
  }
}

export function writeCachedPreview(dir: string, hash: string, px: number, preview: CachedPreview): void {
  const file = cachedPreviewFile(dir, hash, px);
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(tmp, JSON.stringify({ dataUrl: preview.dataUrl }));
    renameSync(tmp, file);
  } catch {
    rmSync(tmp, { force: true });
  }
}

/**
 * The preview of these bytes at `px`: from the cache when it is there, else made (and kept
 * when it is a real preview). `hash` is the bytes' SHA-256 when the caller knows it.
 */
export async function cachedThumbnail(dir: string | null, bytes: Buffer, name: string, px: number, hash?: string | null): Promise<ThumbnailResult | CachedPreview> {
  const key = dir ? (isMediaHash(hash) ? hash : mediaHashOfBytes(bytes)) : null;
  if (dir && key) {
    const hit = readCachedPreview(dir, key, px);
    if (hit) return hit;
  }
  const made = await makeThumbnail(bytes, name, { maxPx: px });
  if (dir && key && 'dataUrl' in made) writeCachedPreview(dir, key, px, made);
  return made;
}
