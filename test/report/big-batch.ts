/**
 * A generated batch of N decks for the report at scale (issue 14 §3): real deck files
 * with photo-like pictures (so previews are really read and downscaled), and result
 * records shaped as the processor writes them, with ALT text from real decks, spread
 * over courses and weeks, with failed, refused, missing, draft and done decks.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { Jimp } from 'jimp';
import type { JobInfo } from '../../src/shared/types';
import type { ReportInput } from '../../src/core/report';
import { describeError } from '../../src/shared/errors';
import { makeDeckBuffer } from '../helpers/make-deck';
import { batch, item, job, result, REAL_ALT } from './fixtures';

const MEDIA = ['ppt/media/image-1-1.png', 'ppt/media/image-1-2.png', 'ppt/media/image-2-1.png', 'ppt/media/image-2-2.png', 'ppt/media/image-3-1.png', 'ppt/media/image-3-2.png'];

/** A photo-like picture (gradients with grain: a worst case next to real photographs), or a flat logo with transparency. */
async function photo(w: number, h: number, seed: number, alpha: boolean): Promise<Buffer> {
  const img = new Jimp({ width: w, height: h, color: 0xffffffff });
  let x = seed * 2654435761;
  const d = img.bitmap.data;
  for (let i = 0; i < w * h; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const px = i % w;
    const py = Math.floor(i / w);
    // A logo is flat; a photo has grain.
    d[i * 4] = alpha ? 30 : (px * 200) / w + ((x >>> 8) & 31);
    d[i * 4 + 1] = alpha ? 90 : (py * 200) / h + ((x >>> 16) & 31);
    d[i * 4 + 2] = (seed * 40) & 255;
    d[i * 4 + 3] = alpha && px < w / 4 ? 0 : 255;
  }
  return Buffer.from(alpha ? await img.getBuffer('image/png') : await img.getBuffer('image/jpeg', { quality: 90 }));
}

/** `files` distinct decks of 3 slides × 2 pictures (the first with transparency) and an EMF. */
export async function makePhotoDecks(dir: string, files = 6): Promise<string[]> {
  const paths: string[] = [];
  for (let f = 0; f < files; f++) {
    const zip = await JSZip.loadAsync(await makeDeckBuffer({ slides: 3, picturesPerSlide: 2 }));
    for (const [k, part] of MEDIA.entries()) zip.file(part, await photo(640 + 40 * k, 480, f * 10 + k + 1, k === 0));
    zip.file('ppt/media/image9.emf', Buffer.concat([Buffer.from([1, 0, 0, 0]), Buffer.alloc(36), Buffer.from(' EMF'), Buffer.alloc(40)]));
    const path = join(dir, `photos-${f + 1}.pptx`);
    writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer' }));
    paths.push(path);
  }
  return paths;
}

const ALTS = Object.values(REAL_ALT);

/** Deck d's result: done, draft, missing or a mix, as real batches have them. */
function itemsFor(d: number) {
  const kind = d % 4; // 0 done, 1 drafts to review, 2 missing ALT, 3 mixed
  return [...MEDIA, 'ppt/media/image9.emf'].map((mediaPart, k) => {
    const base = { slide: Math.floor(k / 2) + 1, shapeId: String(k + 2), shapeName: `Picture ${k + 1}`, mediaPart, part: `ppt/slides/slide${Math.floor(k / 2) + 1}.xml` };
    if (kind === 0 || (kind === 3 && k < 3)) return item({ ...base, oldAlt: ALTS[(d + k) % ALTS.length], oldAltVerdict: 'person', newAlt: ALTS[(d + k) % ALTS.length], source: 'person', status: 'kept', needsReview: false, reviewReasons: [] });
    if (kind === 1 || (kind === 3 && k < 5)) return item({ ...base, newAlt: `Lecture ${d}, figure ${k + 1}: ${ALTS[k % ALTS.length]}`, source: 'model', status: 'written', needsReview: true, reviewReasons: ['generated text'] });
    return item({ ...base, newAlt: null, source: 'none', status: 'unresolved', needsReview: true, reviewReasons: ['no source could describe it'] });
  });
}

/**
 * N jobs over `decks` (real files): every 50th failed, every 97th refused by the check,
 * the rest succeeded; folders "Course c/Week w".
 */
export function bigBatchInput(decks: string[], n = 500, batchId = '20260105_090000_abcd1234'): ReportInput {
  const jobs: JobInfo[] = [];
  for (let d = 1; d <= n; d++) {
    const relPath = `Course ${(d % 12) + 1}/Week ${(d % 5) + 1}/lecture ${String(d).padStart(4, '0')}.pptx`;
    const inputPath = decks[d % decks.length];
    if (d % 50 === 0) {
      jobs.push(job(d, { batchId, relPath, inputPath, outputPath: null, state: 'failed', attempts: 3, error: { code: 'PROCESSOR_TIMEOUT', message: describeError('PROCESSOR_TIMEOUT') } }));
    } else if (d % 97 === 0) {
      jobs.push(job(d, { batchId, relPath, inputPath, outputPath: null, state: 'rejected', error: { code: 'SIGNED_DECK', message: describeError('SIGNED_DECK') } }));
    } else {
      jobs.push(job(d, { batchId, relPath, inputPath, outputPath: null, result: result(itemsFor(d)) }));
    }
  }
  return { batch: batch({ id: batchId }), jobs, generatedAt: Date.UTC(2026, 0, 5, 10), appVersion: 'test' };
}
