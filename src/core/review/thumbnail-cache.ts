/**
 * Review previews, made once and kept in AltDeck's home (issue 11 §3): the picture is
 * read from its deck and downscaled by the one thumbnail module (src/core/thumbnail.ts,
 * through the report's reader), at most REVIEW_THUMB_PX on its longest side, whatever its
 * size or format; EMF, WMF and the like get a stand-in sentence. The cache key is the
 * picture's content hash when the processor reported one (a logo on 2,000 decks is made
 * once), else the deck's path, size and time and the part's name.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { QueueStore } from '../queue/store';
import { collectThumbnails } from '../report';
import { standInForName } from '../thumbnail';

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
  const deck = job.outputPath ?? job.inputPath;
  let key = items[0].mediaHash && /^[0-9a-f]{64}$/.test(items[0].mediaHash) ? items[0].mediaHash : null;
  if (!key) {
    try {
      const st = statSync(deck);
      key = createHash('sha256').update(`${deck}\0${st.size}\0${st.mtimeMs}\0${mediaPart}`).digest('hex');
    } catch {
      key = null; // the deck is gone: the reader below says so
    }
  }
  const file = key ? join(home, 'thumbnails', key.slice(0, 2), `${key}-${REVIEW_THUMB_PX}.json`) : null;
  if (file) {
    try {
      const cached = JSON.parse(readFileSync(file, 'utf8')) as Thumb;
      if (cached && ('dataUrl' in cached || 'placeholder' in cached)) return cached;
    } catch {
      // not made yet (or a torn file from a crash): make it
    }
  }
  const onlyThis = { ...job, result: job.result ? { ...job.result, items } : null };
  const made = (await collectThumbnails([onlyThis], { maxPx: REVIEW_THUMB_PX, maxTotalBytes: 8 * 1024 * 1024 })).get(`${jobId}:${mediaPart}`) ?? { placeholder: 'No preview for this image.' };
  const thumb = forReview(made);
  // only a real preview is kept: a sentence may be about a deck that is back tomorrow
  if (file && 'dataUrl' in thumb) {
    try {
      mkdirSync(join(file, '..'), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(thumb));
      renameSync(tmp, file);
    } catch {
      // a read-only home still shows the preview, it is just made again next time
    }
  }
  return thumb;
}
