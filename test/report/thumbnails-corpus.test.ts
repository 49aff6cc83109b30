/**
 * Previews from every real deck of the shared corpus, checked against an independent
 * ZIP reader (JSZip): real media is PNG/JPEG/GIF but also EMF, WMF, TIFF, SVG, HD
 * Photo, video and a 3-D model; and the corpus holds truncated, encrypted and fuzzed
 * files that must yield placeholders, never a crash.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { collectThumbnails, DEFAULT_MAX_TOTAL_BYTES } from '../../src/core/report';
import { readImageSize, sniffImageFormat } from '../../src/processor/sources/image-header';
import { CORPUS_DIR, corpusFile, corpusSkip } from '../helpers/corpus';
import type { JobInfo } from '../../src/shared/types';
import { item, job, result } from './fixtures';

test('every media part of every corpus deck gets a faithful preview or a placeholder', { skip: corpusSkip, timeout: 240_000 }, async () => {
  const files = readdirSync(CORPUS_DIR).filter((f) => /\.(pptx|pptm|ppsx|ppsm|potx|potm|ppt)$/i.test(f));
  const jobs: JobInfo[] = [];
  const expected = new Map<string, Buffer | null>(); // null = the deck cannot be opened
  for (const [i, name] of files.entries()) {
    const path = corpusFile(name);
    let media: Array<[string, Buffer]> = [];
    let readable = true;
    try {
      const zip = await JSZip.loadAsync(readFileSync(path));
      for (const f of Object.values(zip.files)) if (!f.dir && f.name.startsWith('ppt/media/')) media.push([f.name, await f.async('nodebuffer')]);
    } catch {
      readable = false;
      media = [['ppt/media/image1.png', Buffer.alloc(0)]];
    }
    if (!media.length) continue;
    const id = i + 1;
    jobs.push(job(id, { relPath: name, inputPath: path, outputPath: null, result: result(media.map(([p], k) => item({ shapeId: String(k), mediaPart: p }))) }));
    for (const [p, data] of media) expected.set(`${id}:${p}`, readable ? data : null);
  }
  assert.ok(jobs.length > 50, `only ${jobs.length} corpus decks with media`);

  // The default budget: the page stays a few MB, and every picture gets a preview or a sentence.
  const thumbs = await collectThumbnails(jobs);
  let inlined = 0;
  let placeholders = 0;
  let pageBytes = 0;
  for (const [key, data] of expected) {
    const t = thumbs.get(key);
    assert.ok(t, `no entry for ${key}`);
    if ('dataUrl' in t) {
      assert.ok(data !== null, key);
      const [, mime, b64] = /^data:(image\/\w+);base64,(.*)$/.exec(t.dataUrl) ?? [];
      const bytes = Buffer.from(b64, 'base64');
      const size = readImageSize(bytes);
      assert.ok(size && `image/${size.format}` === mime, `${key}: ${mime} is what it says`);
      assert.ok(Math.max(size.width, size.height) <= 256, `${key}: ${size.width}×${size.height}`);
      pageBytes += t.dataUrl.length;
      inlined++;
    } else {
      assert.ok(t.placeholder.length > 10, `${key}: expected a sentence`);
      if (data === null) assert.match(t.placeholder, /could not be read/, key);
      const fmt = data && sniffImageFormat(data);
      if (fmt === 'emf' || fmt === 'wmf') assert.match(t.placeholder, /^(EMF|WMF) drawing: no preview/, key);
      placeholders++;
    }
  }
  assert.ok(pageBytes <= DEFAULT_MAX_TOTAL_BYTES, `${pageBytes} bytes of previews`);
  assert.ok(inlined > 200 && placeholders > 50, `${inlined} inlined, ${placeholders} placeholders`);
});
