/**
 * Issue 11 §3: a picture of any size gets a preview (a noisy 1600×1200 PNG of several
 * hundred KB used to be "too large for a preview"), made once and kept in AltDeck's home:
 * asked again with the deck gone, the same preview comes from the cache. EMF gets a stand-in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { Jimp } from 'jimp';
import { makeDeckBuffer } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { cachedReviewThumbnail, REVIEW_THUMB_PX } from '../../src/core/review/thumbnail-cache';
import { readImageSize } from '../../src/processor/sources/image-header';
import type { JobInfo } from '../../src/shared/types';
import { item, result } from './fixtures';

async function noisyPng(w: number, h: number): Promise<Buffer> {
  const img = new Jimp({ width: w, height: h, color: 0xffffffff });
  let seed = 7;
  for (let i = 0; i < img.bitmap.data.length; i++) img.bitmap.data[i] = i % 4 === 3 ? 255 : (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
  return Buffer.from(await img.getBuffer('image/png'));
}

test('review previews: any size, downscaled, made once and cached in the home; EMF gets a stand-in', async (t) => {
  const dir = tempDir(t, 'altdeck-thumbs-');
  const zip = await JSZip.loadAsync(await makeDeckBuffer({ slides: 1, picturesPerSlide: 1 }));
  const media = Object.keys(zip.files).find((f) => /^ppt\/media\/.+\.png$/.test(f))!;
  const big = await noisyPng(1600, 1200);
  assert.ok(big.length > 200 * 1024, `a large picture: ${big.length} bytes`);
  zip.file(media, big);
  const deck = join(dir, 'Histology.pptx');
  writeFileSync(deck, await zip.generateAsync({ type: 'nodebuffer' }));
  const home = join(dir, 'home');
  const job = {
    id: 1,
    batchId: 'b1',
    inputPath: deck,
    outputPath: null,
    result: result([item(1, '4', { mediaPart: media, mediaHash: 'c'.repeat(64) }), item(1, '5', { mediaPart: 'ppt/media/image9.emf' })]),
  } as unknown as JobInfo;
  const store = { getJob: (id: number) => (id === 1 ? job : null) };

  const first = await cachedReviewThumbnail(store, home, 'b1', 1, media);
  assert.ok('dataUrl' in first, JSON.stringify(first).slice(0, 200));
  const size = readImageSize(Buffer.from(first.dataUrl.split(',')[1], 'base64'))!;
  assert.equal(Math.max(size.width, size.height), REVIEW_THUMB_PX, 'downscaled to the review size, aspect kept');
  assert.equal(size.width / size.height, 4 / 3);
  assert.ok(existsSync(join(home, 'thumbnails', 'cc', `${'c'.repeat(64)}-${REVIEW_THUMB_PX}.json`)), 'kept in the home, by content hash');

  rmSync(deck);
  const again = await cachedReviewThumbnail(store, home, 'b1', 1, media);
  assert.deepEqual(again, first, 'made once: the second time comes from the cache, without the deck');

  const emf = await cachedReviewThumbnail(store, home, 'b1', 1, 'ppt/media/image9.emf');
  assert.ok('placeholder' in emf);
  assert.match(emf.placeholder, /^EMF drawing: no preview\. Open the deck to see it\.$/);
  assert.deepEqual(await cachedReviewThumbnail(store, home, 'other', 1, media), { placeholder: 'This image is not in the batch.' });
  assert.equal(readdirSync(join(home, 'thumbnails', 'cc')).length, 1, 'no temporary file left');
});
