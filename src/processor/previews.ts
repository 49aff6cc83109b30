/**
 * Report previews made by the processor while it has the deck open (issue 10): each
 * picture the results name is already hashed (media-hash.ts) and its ZIP entry is at
 * hand, so a worker makes the ≤256 px preview into the home's cache
 * (src/core/thumbnail-cache.ts) and the report after the batch only reads small files.
 * With two workers this runs in parallel with the other deck's processing; the engine's
 * own process stays free for its queue.
 *
 * Best effort: a picture that cannot be read or decoded is left to the report, which says
 * why; nothing here can fail the deck. A picture already in the cache (the same logo on the
 * last 500 decks) costs one failed-or-found file open.
 */
import type { AltItem } from '../shared/types';
import { throwIfAborted } from './errors';
import { isMediaHash, readCachedPreview, writeCachedPreview } from '../core/thumbnail-cache';
import { makeThumbnail, standInForName, THUMBNAIL_MAX_PX } from '../core/thumbnail';
import { mediaHashOf } from './media-hash';
import type { ZipSource } from './zip/reader';

/** The report's per-picture ceiling (src/core/report/thumbnails.ts): larger ones get a sentence there. */
const MAX_PREVIEW_SOURCE_BYTES = 25 * 1024 * 1024;

export async function cachePreviews(zip: ZipSource, items: AltItem[], dir: string, hashes: Map<string, string | null>, signal?: AbortSignal, limit = Infinity): Promise<number> {
  let made = 0;
  let candidates = 0;
  const seen = new Set<string>();
  for (const item of items) {
    const part = item.mediaPart;
    if (!part || seen.has(part)) continue;
    seen.add(part);
    if (standInForName(part)) continue; // EMF, WMF, SVG…: a sentence, never a picture
    const info = zip.get(part);
    if (!info || info.entry.uncompressedSize > MAX_PREVIEW_SOURCE_BYTES) continue;
    // the report's share-out takes each deck's pictures in this order: the first `limit` are the ones it can show
    if (++candidates > limit) break;
    throwIfAborted(signal);
    try {
      const hash = isMediaHash(item.mediaHash) ? item.mediaHash : await mediaHashOf(zip, part, hashes);
      if (!isMediaHash(hash) || readCachedPreview(dir, hash, THUMBNAIL_MAX_PX)) continue;
      const t = await makeThumbnail(await zip.read(part, MAX_PREVIEW_SOURCE_BYTES), part, { maxPx: THUMBNAIL_MAX_PX });
      if ('dataUrl' in t) {
        writeCachedPreview(dir, hash, THUMBNAIL_MAX_PX, t);
        made++;
      }
    } catch {
      // the report reads this one itself and says why it has no preview
    }
  }
  return made;
}
