import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { readImageSize, sniffImageFormat } from '../../../src/processor/sources/image-header';
import { corpusFile, corpusSkip, readInventory } from '../../helpers/corpus';
import { encodeBmp, encodePng, gifHeader, jpegHeader, renderText } from './text-image';

test('PNG: size from IHDR', () => {
  const img = renderText(['AB'], 3, 7);
  assert.deepEqual(readImageSize(encodePng(img)), { format: 'png', width: img.width, height: img.height });
  const big = Buffer.from(encodePng(img));
  big.writeUInt32BE(70000, 16); // sizes above 65535 are legal in PNG
  assert.deepEqual(readImageSize(big), { format: 'png', width: 70000, height: img.height });
});

test('GIF: size from the logical screen', () => {
  assert.deepEqual(readImageSize(gifHeader(640, 480)), { format: 'gif', width: 640, height: 480 });
  const gif87 = gifHeader(1, 65535);
  gif87.write('GIF87a', 0, 'ascii');
  assert.deepEqual(readImageSize(gif87), { format: 'gif', width: 1, height: 65535 });
});

test('JPEG: size from the frame header, walking segments past an EXIF decoy', () => {
  assert.deepEqual(readImageSize(jpegHeader(1024, 768)), { format: 'jpeg', width: 1024, height: 768 });
  assert.deepEqual(readImageSize(jpegHeader(300, 4000, 0xc2)), { format: 'jpeg', width: 300, height: 4000 });
  // Fill bytes before a marker are allowed.
  const j = jpegHeader(50, 60);
  const padded = Buffer.concat([j.subarray(0, 2), Buffer.from([0xff, 0xff]), j.subarray(2)]);
  assert.deepEqual(readImageSize(padded), { format: 'jpeg', width: 50, height: 60 });
});

test('BMP: size from the info header, top-down rows included', () => {
  const img = renderText(['A'], 2, 3);
  assert.deepEqual(readImageSize(encodeBmp(img)), { format: 'bmp', width: img.width, height: img.height });
  const topDown = encodeBmp(img);
  topDown.writeInt32LE(-img.height, 22);
  assert.deepEqual(readImageSize(topDown), { format: 'bmp', width: img.width, height: img.height });
});

test('truncated or foreign headers give null, never a wrong size', () => {
  const png = encodePng(renderText(['A'], 2, 3));
  assert.equal(readImageSize(png.subarray(0, 20)), null);
  assert.equal(readImageSize(gifHeader(5, 5).subarray(0, 8)), null);
  assert.equal(readImageSize(jpegHeader(10, 10).subarray(0, 30)), null); // ends inside APP1
  assert.equal(readImageSize(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02])), null); // scan before any frame
  assert.equal(readImageSize(gifHeader(0, 10)), null);
  assert.equal(readImageSize(Buffer.from('<svg width="10" height="10"/>')), null);
  assert.equal(readImageSize(Buffer.alloc(0)), null);
});

test('sniffImageFormat goes by bytes', () => {
  const emf = Buffer.alloc(60);
  emf.writeUInt32LE(1, 0);
  emf.write(' EMF', 40, 'ascii');
  const cases: Array<[Buffer, string | null]> = [
    [encodePng(renderText(['A'], 1, 1)), 'png'],
    [jpegHeader(1, 1), 'jpeg'],
    [gifHeader(1, 1), 'gif'],
    [encodeBmp(renderText(['A'], 1, 1)), 'bmp'],
    [Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), 'tiff'],
    [Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1')]), 'webp'],
    [emf, 'emf'],
    [Buffer.from([0x01, 0x00, 0x09, 0x00, 0x00, 0x03]), 'wmf'],
    [Buffer.from('\uFEFF  <?xml version="1.0"?>\n<!-- x -->\n<svg xmlns="http://www.w3.org/2000/svg"/>'), 'svg'],
    [Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt ', 'latin1'), null],
    [Buffer.from('ID3\x04'), null],
  ];
  for (const [bytes, want] of cases) assert.equal(sniffImageFormat(bytes), want, bytes.subarray(0, 12).toString('latin1'));
});

// Sizes checked against file(1) on the corpus; the EXIF JPEGs carry thumbnails
// whose own frame headers would give a wrong size to a byte scan.
const KNOWN: Array<[string, string, string, number, number]> = [
  ['markitdown__pptx_complex_layout.pptx', 'ppt/media/image1.png', 'png', 300, 100],
  ['oxsdk__strict__webPr-WebProperties-ImageTargetResolution-imgsz-1024x786.pptx', 'ppt/media/image2.jpeg', 'jpeg', 1024, 768],
  ['poi__KEY02.pptx', 'ppt/media/image1.jpeg', 'jpeg', 1600, 900],
  ['poi__60810.pptx', 'ppt/media/image4.jpeg', 'jpeg', 479, 674],
  ['oxsdk__typical.pptx', 'ppt/media/image2.jpeg', 'jpeg', 500, 388],
  ['tika__testPPT_2imgs.pptx', 'ppt/media/image2.gif', 'gif', 100, 75],
];

test('real pictures from the corpus: known sizes', { skip: corpusSkip }, async () => {
  for (const [deck, part, format, width, height] of KNOWN) {
    const zip = await JSZip.loadAsync(readFileSync(corpusFile(deck)));
    const bytes = await zip.file(part)!.async('nodebuffer');
    assert.deepEqual(readImageSize(bytes), { format, width, height }, `${deck} ${part}`);
  }
});

test('real pictures from the corpus: every PNG, JPEG and GIF has a size', { skip: corpusSkip }, async () => {
  let checked = 0;
  const missing: string[] = [];
  for (const row of readInventory()) {
    if (row.opens_as_zip !== '1') continue;
    let zip: JSZip;
    try {
      zip = await JSZip.loadAsync(readFileSync(corpusFile(row.file)));
    } catch {
      continue;
    }
    for (const name of Object.keys(zip.files).filter((n) => n.startsWith('ppt/media/'))) {
      const bytes = await zip.files[name].async('nodebuffer');
      const format = sniffImageFormat(bytes);
      if (format !== 'png' && format !== 'jpeg' && format !== 'gif') continue;
      checked++;
      const size = readImageSize(bytes);
      if (!size || size.format !== format || size.width < 1 || size.height < 1) missing.push(`${row.file} ${name}`);
    }
  }
  assert.ok(checked > 500, `only ${checked} pictures found`);
  assert.deepEqual(missing, []);
});
