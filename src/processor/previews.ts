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
 *
 * A persistent worker passes a PreviewBacklog: the pictures' bytes are read while the deck
 * is open, and the previews are made after the worker has answered for the deck, while it
 * works on the next one (libvips decodes on a thread of its own, so at one worker the
 * previews use the second core instead of lengthening every deck: 40 corpus decks spent
 * 0.9 s of 2.2 s on them). The backlog is bounded in bytes, and a worker finishes it before
 * it exits when its stdin closes (the engine closes the pool before the report is written);
 * a preview it never made is made by the report from the deck.
 */
import type { AltItem } from '../shared/types';
import { throwIfAborted } from './errors';
import { isMediaHash, readCachedPreview, writeCachedPreview } from '../core/thumbnail-cache';
import { makeThumbnail, standInForName, THUMBNAIL_MAX_PX } from '../core/thumbnail';
import { mediaHashOf } from './media-hash';
import type { ZipSource } from './zip/reader';

/** The report's per-picture ceiling (src/core/report/thumbnails.ts): larger ones get a sentence there. */
const MAX_PREVIEW_SOURCE_BYTES = 25 * 1024 * 1024;

/** Report previews a worker makes after answering for their deck, one at a time, in order. */
export class PreviewBacklog {
  private tail: Promise<void> = Promise.resolve();
  private bytes = 0;
  private readonly queued = new Set<string>();

  /** `maxBytes`: the pictures' bytes held at most (a deck waits for room before it adds its own). */
  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  /** Resolves once the backlog holds less than its ceiling. */
  async room(): Promise<void> {
    while (this.bytes >= this.maxBytes) await this.tail;
  }

  /** Queued and not yet made (the same picture in the next deck is not queued twice). */
  has(hash: string): boolean {
    return this.queued.has(hash);
  }

  add(dir: string, hash: string, part: string, bytes: Buffer): void {
    this.queued.add(hash);
    this.bytes += bytes.length;
    this.tail = this.tail.then(async () => {
      try {
        await makePreview(dir, hash, part, bytes);
      } finally {
        this.bytes -= bytes.length;
        this.queued.delete(hash);
      }
    });
  }

  /** Pictures waiting (tests and the worker's log). */
  get pending(): number {
    return this.queued.size;
  }

  /** Resolves when every preview queued so far is made (or given up). */
  drain(): Promise<void> {
    return this.tail;
  }
}

/** One preview into the cache; false when the picture gives none (the report says why). */
async function makePreview(dir: string, hash: string, part: string, bytes: Buffer): Promise<boolean> {
  try {
    const t = await makeThumbnail(bytes, part, { maxPx: THUMBNAIL_MAX_PX });
    if (!('dataUrl' in t)) return false;
    writeCachedPreview(dir, hash, THUMBNAIL_MAX_PX, t);
    return true;
  } catch {
    return false;
  }
}

/**
 * Make (or, with a backlog, queue) the report previews of the deck's first `limit`
 * pictures. Returns how many were made or queued.
 */
export async function cachePreviews(
  zip: ZipSource,
  items: AltItem[],
  dir: string,
  hashes: Map<string, string | null>,
  signal?: AbortSignal,
  limit = Infinity,
  backlog?: PreviewBacklog,
): Promise<number> {
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
      if (!isMediaHash(hash) || backlog?.has(hash) || readCachedPreview(dir, hash, THUMBNAIL_MAX_PX)) continue;
      if (backlog) {
        await backlog.room();
        backlog.add(dir, hash, part, await zip.read(part, MAX_PREVIEW_SOURCE_BYTES));
        made++;
      } else if (await makePreview(dir, hash, part, await zip.read(part, MAX_PREVIEW_SOURCE_BYTES))) made++;
    } catch {
      // the report reads this one itself and says why it has no preview
    }
  }
  return made;
}
