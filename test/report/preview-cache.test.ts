/**
 * Issue 10: the built-in processor makes each picture's report preview into the home's
 * cache while it has the deck open (src/processor/previews.ts), keyed by the content hash
 * it reports; the report then takes them from there without opening the deck, and the
 * cache is the same one the Review screen uses (src/core/thumbnail-cache.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { Jimp } from 'jimp';
import { collectThumbnails } from '../../src/core/report';
import { previewsPerDeck, previewsPerDeckFor } from '../../src/core/report/thumbnails';
import { makeThumbnail, THUMBNAIL_MAX_PX } from '../../src/core/thumbnail';
import { cachedPreviewFile, mediaHashOfBytes, thumbnailCacheDir } from '../../src/core/thumbnail-cache';
import { processDeck } from '../../src/processor/process-deck';
import { PreviewBacklog } from '../../src/processor/previews';
import { parseArgs } from '../../src/processor/main';
import { processorInvocation } from '../../src/core/processor-command';
import { makeDeckBuffer } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { job } from './fixtures';
import type { BatchSettings } from '../../src/shared/types';

async function photo(w: number, h: number): Promise<Buffer> {
  const img = new Jimp({ width: w, height: h, color: 0xffffffff });
  let seed = 3;
  for (let i = 0; i < img.bitmap.data.length; i++) img.bitmap.data[i] = i % 4 === 3 ? 255 : (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
  return Buffer.from(await img.getBuffer('image/jpeg', { quality: 90 }));
}

test('the processor fills the preview cache; the report takes every preview from it without opening the deck', async (t) => {
  const dir = tempDir(t, 'altdeck-previews-');
  const zip = await JSZip.loadAsync(await makeDeckBuffer({ slides: 2, picturesPerSlide: 1 }));
  const pictures = Object.keys(zip.files).filter((f) => /^ppt\/media\/.+\.png$/.test(f));
  assert.ok(pictures.length >= 2);
  // one large photo (downscaled) beside the generator's small PNG (kept as it is)
  const big = await photo(1200, 800);
  zip.file(pictures[0], big);
  const input = join(dir, 'Anatomy.pptx');
  writeFileSync(input, await zip.generateAsync({ type: 'nodebuffer' }));
  const output = join(dir, 'out', 'Anatomy.pptx');
  const cache = thumbnailCacheDir(join(dir, 'home'));

  const result = await processDeck({ input, output, durable: false, previews: cache });
  const hashes = new Set([...result.items, ...(result.layoutItems ?? [])].filter((i) => i.mediaPart).map((i) => i.mediaHash));
  assert.ok(hashes.size >= 2 && [...hashes].every((h) => typeof h === 'string' && h.length === 64), JSON.stringify([...hashes]));
  assert.ok(hashes.has(mediaHashOfBytes(big)), 'keyed by the picture bytes’ SHA-256');
  for (const h of hashes) assert.ok(existsSync(cachedPreviewFile(cache, h!, THUMBNAIL_MAX_PX)), `preview of ${h} made by the processor`);

  const j = job(3, { inputPath: input, outputPath: output, result });
  rmSync(input);
  rmSync(output);
  const stats = { cached: 0, read: 0 };
  const thumbs = await collectThumbnails([j], { cacheDir: cache, stats });
  assert.equal(stats.read, 0, 'no picture read from a deck');
  const photoItem = result.items.find((i) => i.mediaHash === mediaHashOfBytes(big))!;
  const fromCache = thumbs.get(`3:${photoItem.mediaPart}`);
  const direct = await makeThumbnail(big, photoItem.mediaPart!);
  assert.ok(fromCache && 'dataUrl' in fromCache && 'dataUrl' in direct);
  assert.equal(fromCache.dataUrl, direct.dataUrl, 'the same preview the report would have made');
  assert.ok(direct.width <= THUMBNAIL_MAX_PX && direct.height <= THUMBNAIL_MAX_PX);
  for (const [k, v] of thumbs) assert.ok('dataUrl' in v, `${k}: ${JSON.stringify(v)}`);

  // without the cache the deck is needed: it is gone, so the report says so
  const none = await collectThumbnails([j]);
  assert.ok([...none.values()].every((v) => 'placeholder' in v));
  assert.ok(!readdirSync(cache, { recursive: true }).some((f) => String(f).endsWith('.tmp')), 'no temporary file left');
});

test('a report reading a picture itself keeps its preview in the cache for the next report', async (t) => {
  const dir = tempDir(t, 'altdeck-previews-');
  const zip = await JSZip.loadAsync(await makeDeckBuffer({ slides: 1, picturesPerSlide: 1 }));
  const part = Object.keys(zip.files).find((f) => /^ppt\/media\/.+\.png$/.test(f))!;
  zip.file(part, await photo(900, 600));
  const input = join(dir, 'Histology.pptx');
  writeFileSync(input, await zip.generateAsync({ type: 'nodebuffer' }));
  const output = join(dir, 'out.pptx');
  const result = await processDeck({ input, output, durable: false }); // no --previews: a custom processor's case
  const cache = join(dir, 'thumbnails');
  const j = job(1, { inputPath: input, outputPath: output, result });
  const first = { cached: 0, read: 0 };
  await collectThumbnails([j], { cacheDir: cache, stats: first });
  assert.equal(first.cached, 0);
  assert.ok(first.read >= 1);
  const second = { cached: 0, read: 0 };
  await collectThumbnails([j], { cacheDir: cache, stats: second });
  assert.deepEqual(second, { cached: first.read, read: 0 });
});

test('the engine gives the built-in processor the home’s cache and how many previews a deck of this batch can show; a custom processor keeps its two arguments', () => {
  const settings = { altPolicy: 'preserve', processor: null } as unknown as BatchSettings;
  const builtin = { command: 'node', args: ['processor.js'], protocol: 'worker' as const };
  const previews = { dir: '/home/thumbnails', perDeck: previewsPerDeck(40) };
  const inv = processorInvocation(settings, builtin, '/in.pptx', '/out.pptx', null, '/home/altdeck.db', previews);
  const parsed = parseArgs(inv.args.slice(1));
  assert.equal(parsed.previews, '/home/thumbnails');
  assert.equal(parsed.previewsPerDeck, 20, 'twice the share of 3 MB of page at ~8 KB a preview over 40 decks');
  assert.equal(previewsPerDeck(2000), 2, 'a large batch shows about one picture a deck: two are made ahead, not fifteen');
  const custom = processorInvocation({ ...settings, processor: 'my-tool --fast' }, builtin, '/in.pptx', '/out.pptx', null, '/home/altdeck.db', previews);
  assert.deepEqual(custom.args, ['--fast', '--input', '/in.pptx', '--output', '/out.pptx']);
});

test('knowing each deck’s pictures, every deck gets the same ceiling: everything when the batch fits the page, the share of the few-picture decks to the many-picture ones', () => {
  // the coordinator trial: 223 decks, 696 pictures, most decks 0-3, a few dozens: all made ahead
  assert.equal(previewsPerDeckFor([...Array(200).fill(1), ...Array(20).fill(3), 60, 150, 200]), 200);
  // 100 one-picture decks and 10 hundred-picture decks: 768 slots, the ten share 668
  assert.equal(previewsPerDeckFor([...Array(100).fill(1), ...Array(10).fill(100)]), 66);
  // a school's 2,000 decks of 15: about one a deck, never none
  assert.equal(previewsPerDeckFor(Array(2000).fill(15)), 1);
  assert.equal(previewsPerDeckFor([]), 1);
  assert.equal(previewsPerDeckFor([0, 0, 4]), 4);
});

test('with a per-deck limit the processor makes only the first pictures’ previews, in the report’s order', async (t) => {
  const dir = tempDir(t, 'altdeck-previews-');
  const zip = await JSZip.loadAsync(await makeDeckBuffer({ slides: 3, picturesPerSlide: 1 }));
  const parts = Object.keys(zip.files).filter((f) => /^ppt\/media\/.+\.png$/.test(f));
  for (const [i, p] of parts.entries()) zip.file(p, await photo(300 + i * 10, 200));
  const input = join(dir, 'Pharmacology.pptx');
  writeFileSync(input, await zip.generateAsync({ type: 'nodebuffer' }));
  const cache = join(dir, 'thumbnails');
  const result = await processDeck({ input, output: join(dir, 'out.pptx'), durable: false, previews: cache, previewsPerDeck: 1 });
  const hashes = [...new Set(result.items.filter((i) => i.mediaPart).map((i) => i.mediaHash!))];
  assert.ok(hashes.length >= 3);
  assert.deepEqual(
    hashes.map((h) => existsSync(cachedPreviewFile(cache, h, THUMBNAIL_MAX_PX))),
    hashes.map((_, i) => i === 0),
    'the first picture only',
  );
});

test('a worker’s backlog: previews made after the deck is answered for, each picture queued once, the bytes held bounded', async (t) => {
  const dir = tempDir(t, 'altdeck-backlog-');
  const zip = await JSZip.loadAsync(await makeDeckBuffer({ slides: 2, picturesPerSlide: 1 }));
  const pictures = Object.keys(zip.files).filter((f) => /^ppt\/media\/.+\.png$/.test(f));
  const big = await photo(900, 600);
  for (const p of pictures) zip.file(p, big); // the same picture on both slides
  const input = join(dir, 'Backlog.pptx');
  writeFileSync(input, await zip.generateAsync({ type: 'nodebuffer' }));
  const cache = thumbnailCacheDir(join(dir, 'home'));
  // A ceiling of one byte: the second deck must wait for the first deck's preview.
  const backlog = new PreviewBacklog(1);
  const r1 = await processDeck({ input, output: join(dir, 'out1.pptx'), durable: false, previews: cache, previewBacklog: backlog });
  const hash = mediaHashOfBytes(big);
  assert.ok(r1.items.some((i) => i.mediaHash === hash));
  let roomy = false;
  const room = backlog.room().then(() => (roomy = true));
  if (backlog.pending > 0) {
    assert.equal(backlog.has(hash), true, 'queued once for both slides');
    await Promise.resolve();
    assert.equal(roomy, false, 'no room while a picture is held over the ceiling');
  }
  await backlog.drain();
  await room;
  assert.equal(backlog.pending, 0);
  assert.ok(existsSync(cachedPreviewFile(cache, hash, THUMBNAIL_MAX_PX)), 'made once drained');
  // The next deck with the same picture finds it in the cache: nothing queued.
  await processDeck({ input, output: join(dir, 'out2.pptx'), durable: false, previews: cache, previewBacklog: backlog });
  assert.equal(backlog.pending, 0);
});
