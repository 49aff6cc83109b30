/**
 * Review previews (issue 11 §3), at most REVIEW_THUMB_PX on their longest side, from the
 * one preview cache in AltDeck's home (src/core/thumbnail-cache.ts) that the reports use
 * too: keyed by the picture's content hash when the processor reported one (a logo on
 * 2,000 decks is made once), else by the deck's path, size and time and the part's name.
 * A miss is read from its deck and downscaled by the report's reader (src/core/thumbnail.ts);
 * EMF, WMF and the like get a stand-in sentence.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { QueueStore } from '../queue/store';
import { collectThumbnails } from '../report';
import { standInForName } from '../thumbnail';
import { isMediaHash, readCachedPreview, thumbnailCacheDir, writeCachedPreview } from '../thumbnail-cache';

export const REVIEW_THUMB_PX = 512;
type Thumb = { dataUrl: string } | { placeholder: string };

/** The report's stand-ins speak of the report; here they speak of the Review screen. */
const forReview = (t: Thumb): Thumb => ('placeholder' in t ? { placeholder: t.placeholder.replace(' in the report', '') } : t);

export async function cachedReviewThumbnail(store: Pick<QueueStore, 'getJob'>, home: string, batchId: string, jobId: number, mediaPart: string): Promise<Thumb> {
  const job = store.getJob(jobId);
  if (!job || job.batchId !== batchId) return { placeholder: 'This image is not in the batch.' };
  const items = job.result?.items.filter((i) => i.mediaPart === mediaPart) ?? [];
  if (!items.length) return { placeholder: 'This image is not in the deck’s results.' };
  const named = standInForName(mediaPart);
  if (named) return forReview(named);
  const dir = thumbnailCacheDir(home);
  const deck = job.outputPath ?? job.inputPath;
  let key = isMediaHash(items[0].mediaHash) ? items[0].mediaHash : null;
  if (!key) {
    try {
      const st = statSync(deck);
      key = createHash('sha256').update(`${deck}\0${st.size}\0${st.mtimeMs}\0${mediaPart}`).digest('hex');
    } catch {
      key = null; // the deck is gone: the reader below says so
    }
  }
  const cached = key ? readCachedPreview(dir, key, REVIEW_THUMB_PX) : null;
  if (cached) return cached;
  const onlyThis = { ...job, result: job.result ? { ...job.result, items, layoutItems: [] } : null };
  const made = (await collectThumbnails([onlyThis], { maxPx: REVIEW_THUMB_PX, maxTotalBytes: 8 * 1024 * 1024, cacheDir: dir })).get(`${jobId}:${mediaPart}`) ?? {
    placeholder: 'No preview for this image.',
  };
  // the reader kept it under the bytes' own hash; the item's key (if another) finds it next time
  if (key && 'dataUrl' in made) writeCachedPreview(dir, key, REVIEW_THUMB_PX, made);
  return forReview(made);
}
