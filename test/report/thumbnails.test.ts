import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import JSZip from 'jszip';
import { Jimp } from 'jimp';
import { collectThumbnails, sniffImage, toHtml, type Thumbnail } from '../../src/core/report';
import { makeDeckBuffer, makePng } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { item, job, result, batch } from './fixtures';

/** A real (decodable) 40×30 JPEG. */
const jpeg = async () => Buffer.from(await new Jimp({ width: 40, height: 30, color: 0x3366ccff }).getBuffer('image/jpeg'));
/** What a picture of `len` bytes, inlined as it is, costs in the page. */
const inlined = (len: number) => 'data:image/png;base64,'.length + Math.ceil(len / 3) * 4;

/** A pptxgenjs deck plus media parts the generator cannot make: EMF, SVG with a script, a JPEG named .png, junk, a huge PNG. */
async function deckWithOddMedia(dir: string): Promise<{ path: string; big: number }> {
  const JPEG = await jpeg();
  const zip = await JSZip.loadAsync(await makeDeckBuffer({ slides: 2, picturesPerSlide: 1 }));
  zip.file('ppt/media/image9.emf', Buffer.from([1, 0, 0, 0, 0x6c, 0, 0, 0, 0x20, 0x45, 0x4d, 0x46]));
  zip.file('ppt/media/vector.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  zip.file('ppt/media/renamed.png', JPEG);
  zip.file('ppt/media/garbage.png', Buffer.from('not a picture at all'));
  const big = Buffer.concat([makePng(8, 8, 3).subarray(0, 8), randomBytes(300 * 1024)]);
  zip.file('ppt/media/big.png', big, { compression: 'STORE' });
  const path = join(dir, 'odd.pptx');
  writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return { path, big: big.length };
}

const media = (parts: string[]) => result(parts.map((p, i) => item({ slide: i + 1, shapeId: String(i + 10), mediaPart: p })));
const isPlaceholder = (t: Thumbnail | undefined, re: RegExp) => !!t && 'placeholder' in t && re.test(t.placeholder);

test('PNG and JPEG become data URLs by content; other formats, junk and oversize get a sentence', async (t) => {
  const dir = tempDir(t);
  const { path } = await deckWithOddMedia(dir);
  const parts = [
    'ppt/media/image-1-1.png',
    '/ppt/media/image-2-1.png', // leading slash, as in a relationship target
    'ppt/media/image9.emf',
    'ppt/media/vector.svg',
    'ppt/media/renamed.png',
    'ppt/media/garbage.png',
    'ppt/media/big.png',
    'ppt/media/gone.png',
  ];
  const j = job(7, { inputPath: path, outputPath: join(dir, 'missing-output.pptx'), result: media(parts) });
  const thumbs = await collectThumbnails([j]);
  assert.equal(thumbs.size, parts.length);
  const get = (p: string) => thumbs.get(`7:${p}`);

  const png = get('ppt/media/image-1-1.png');
  assert.ok(png && 'dataUrl' in png);
  const bytes = Buffer.from(png.dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
  assert.equal(sniffImage(bytes), 'image/png');
  // Same bytes as in the deck, not a re-encode.
  const zip = await JSZip.loadAsync(await import('node:fs').then((fs) => fs.readFileSync(path)));
  assert.ok(bytes.equals(await zip.file('ppt/media/image-1-1.png')!.async('nodebuffer')));

  assert.ok(get('/ppt/media/image-2-1.png') && 'dataUrl' in get('/ppt/media/image-2-1.png')!);
  assert.ok(isPlaceholder(get('ppt/media/image9.emf'), /^EMF drawing: no preview/));
  assert.ok(isPlaceholder(get('ppt/media/vector.svg'), /SVG.*scripts/));
  const renamed = get('ppt/media/renamed.png');
  assert.ok(renamed && 'dataUrl' in renamed && renamed.dataUrl.startsWith('data:image/jpeg;base64,'));
  assert.ok(isPlaceholder(get('ppt/media/garbage.png'), /not a picture format/));
  assert.ok(isPlaceholder(get('ppt/media/big.png'), /could not be decoded/), 'read (under 25 MB) but not a picture');
  const tooBig = (await collectThumbnails([j], { maxBytesPerImage: 100 * 1024 })).get('7:ppt/media/big.png');
  assert.ok(isPlaceholder(tooBig, /too large.*\(301 KB\)/), JSON.stringify(tooBig));
  assert.ok(isPlaceholder(get('ppt/media/gone.png'), /not inside the deck/));

  // The SVG's script never reaches the report, and placeholders are shown as text.
  const html = toHtml({ batch: batch(), jobs: [j], generatedAt: 0, appVersion: 't' }, { thumbnails: thumbs });
  assert.equal((html.match(/<script/gi) ?? []).length, 1, 'only the page\'s own script');
  assert.ok(!html.includes('alert(1)'));
  assert.match(html, /EMF drawing: no preview/);
  assert.equal((html.match(/<img src="data:image\/(png|jpeg);base64,/g) ?? []).length, 3);
});

test('the output deck is preferred over the input, and an unreadable deck gives placeholders', async (t) => {
  const dir = tempDir(t);
  const input = join(dir, 'in.pptx');
  const output = join(dir, 'out.pptx');
  writeFileSync(input, await makeDeckBuffer({ slides: 1 }));
  const outZip = await JSZip.loadAsync(await makeDeckBuffer({ slides: 1 }));
  outZip.file('ppt/media/image-1-1.png', await jpeg()); // distinguishable content
  writeFileSync(output, await outZip.generateAsync({ type: 'nodebuffer' }));
  const r = media(['ppt/media/image-1-1.png']);
  const thumbs = await collectThumbnails([
    job(1, { inputPath: input, outputPath: output, result: r }),
    job(2, { inputPath: input, outputPath: null, result: r }),
    job(3, { inputPath: join(dir, 'nope.pptx'), outputPath: null, result: r }),
  ]);
  const one = thumbs.get('1:ppt/media/image-1-1.png');
  const two = thumbs.get('2:ppt/media/image-1-1.png');
  assert.ok(one && 'dataUrl' in one && one.dataUrl.startsWith('data:image/jpeg'));
  assert.ok(two && 'dataUrl' in two && two.dataUrl.startsWith('data:image/png'));
  assert.ok(isPlaceholder(thumbs.get('3:ppt/media/image-1-1.png'), /could not be read/));
});

test('per-image and total budgets keep the report small', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'many.pptx');
  writeFileSync(path, await makeDeckBuffer({ slides: 4, picturesPerSlide: 1, imageSize: [32, 32] }));
  const parts = [1, 2, 3, 4].map((s) => `ppt/media/image-${s}-1.png`);
  const j = job(1, { inputPath: path, outputPath: null, result: media(parts) });
  const one = (await collectThumbnails([j], { maxBytesPerImage: 64 })).get(`1:${parts[0]}`);
  assert.ok(isPlaceholder(one, /too large/));
  const size = (await JSZip.loadAsync(await import('node:fs').then((fs) => fs.readFileSync(path)))).file(parts[0])!;
  const len = (await size.async('nodebuffer')).length;
  const limited = await collectThumbnails([j], { maxTotalBytes: inlined(len) * 2 + 1 });
  const kinds = parts.map((p) => ('dataUrl' in limited.get(`1:${p}`)! ? 'img' : 'text'));
  assert.deepEqual(kinds, ['img', 'img', 'text', 'text']);
  assert.ok(isPlaceholder(limited.get(`1:${parts[3]}`), /keep the report small/));
});

test('a deck yauzl refuses but Office opens (a stray byte after the end record) is read with JSZip instead', async (t) => {
  const dir = tempDir(t);
  const deck = await makeDeckBuffer({ slides: 1 });
  assert.equal(deck.readUInt32LE(deck.length - 22), 0x06054b50);
  // A newline after the end record, as in the corpus deck poi__au.asn.aes...Maloney.pptx
  // (an upload that added one): yauzl insists the comment length covers it.
  const buf = Buffer.concat([deck, Buffer.from('\n')]);
  const path = join(dir, 'odd-end.pptx');
  writeFileSync(path, buf);
  const thumbs = await collectThumbnails([
    job(1, { inputPath: path, outputPath: null, result: media(['ppt/media/image-1-1.png', 'ppt/media/gone.png']) }),
  ]);
  const one = thumbs.get('1:ppt/media/image-1-1.png');
  assert.ok(one && 'dataUrl' in one && one.dataUrl.startsWith('data:image/png;base64,'), JSON.stringify(one));
  assert.ok(isPlaceholder(thumbs.get('1:ppt/media/gone.png'), /not inside the deck/));
  const small = await collectThumbnails([job(1, { inputPath: path, outputPath: null, result: media(['ppt/media/image-1-1.png']) })], { maxBytesPerImage: 64 });
  assert.ok(isPlaceholder(small.get('1:ppt/media/image-1-1.png'), /too large/));
});

test('the total budget is shared round-robin: every deck gets its first picture before any gets a second', async (t) => {
  const dir = tempDir(t);
  const decks = await Promise.all(
    [1, 2, 3].map(async (n) => {
      const path = join(dir, `d${n}.pptx`);
      writeFileSync(path, await makeDeckBuffer({ slides: 3, picturesPerSlide: 1, imageSize: [32, 32] }));
      return path;
    }),
  );
  const parts = [1, 2, 3].map((s) => `ppt/media/image-${s}-1.png`);
  const jobs = decks.map((path, i) => job(i + 1, { inputPath: path, outputPath: null, result: media(parts) }));
  const zip = await JSZip.loadAsync(await import('node:fs').then((fs) => fs.readFileSync(decks[0])));
  const sizes = await Promise.all(parts.map(async (p) => (await zip.file(p)!.async('nodebuffer')).length));
  // Room for a little more than three pictures: one per deck, not three from the first deck.
  const thumbs = await collectThumbnails(jobs, { maxTotalBytes: inlined(Math.max(...sizes)) * 3 + 10 });
  const grid = jobs.map((j) => parts.map((p) => ('dataUrl' in thumbs.get(`${j.id}:${p}`)! ? 'img' : 'text')).join(' '));
  assert.deepEqual(grid, ['img text text', 'img text text', 'img text text']);
});
