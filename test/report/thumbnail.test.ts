/**
 * src/core/thumbnail.ts, the one downscaler (issue 14 §3): at most 256 px, JPEG without
 * transparency, PNG with it, small pictures kept as they are, stand-ins for what is not
 * converted, never an error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Jimp } from 'jimp';
import { makeThumbnail, standInForName, THUMBNAIL_MAX_PX, type SmallImage } from '../../src/core/thumbnail';
import { readImageSize } from '../../src/processor/sources/image-header';
import { makePng } from '../helpers/make-deck';

/** A noisy photo-like picture (noise does not compress: the worst case for size). */
async function photo(w: number, h: number, mime: 'image/jpeg' | 'image/png', alpha = 255): Promise<Buffer> {
  const img = new Jimp({ width: w, height: h, color: 0xffffffff });
  const noise = randomBytes(w * h * 4);
  for (let i = 0; i < w * h * 4; i += 4) {
    img.bitmap.data[i] = (noise[i] >> 1) + ((i / 4) % w) / 8;
    img.bitmap.data[i + 1] = noise[i + 1] >> 1;
    img.bitmap.data[i + 2] = 128;
    img.bitmap.data[i + 3] = alpha;
  }
  return Buffer.from(mime === 'image/png' ? await img.getBuffer('image/png') : await img.getBuffer('image/jpeg', { quality: 95 }));
}

const bytesOf = (t: SmallImage) => Buffer.from(t.dataUrl.replace(/^data:image\/\w+;base64,/, ''), 'base64');

// sharp (libvips) makes the previews; jimp is the fallback where sharp's binary is missing: same guarantees.
for (const [label, decoder] of [['sharp', 'auto'], ['jimp', 'jimp']] as const) {
  test(`${label}: a large photo becomes a JPEG of at most 256 px, a fraction of its size`, async () => {
    const big = await photo(1600, 900, 'image/jpeg');
    const t = await makeThumbnail(big, 'ppt/media/image1.jpeg', { decoder });
    assert.ok('dataUrl' in t, JSON.stringify(t));
    assert.equal(t.mime, 'image/jpeg');
    assert.deepEqual([t.width, t.height], [256, 144]);
    assert.deepEqual(readImageSize(bytesOf(t)), { format: 'jpeg', width: 256, height: 144 }, 'the bytes are what they say');
    assert.ok(t.bytes < big.length / 10, `${t.bytes} of ${big.length}`);
    assert.ok(t.dataUrl.length < 40 * 1024, `${t.dataUrl.length} bytes in the page`);
  });

  test(`${label}: a PNG without transparency becomes JPEG; with transparency it stays PNG`, async () => {
    const opaque = await makeThumbnail(await photo(600, 600, 'image/png'), 'ppt/media/a.png', { decoder });
    assert.ok('dataUrl' in opaque && opaque.mime === 'image/jpeg' && opaque.width === THUMBNAIL_MAX_PX);
    const flat = Buffer.from(await new Jimp({ width: 300, height: 600, color: 0x3366cc80 }).getBuffer('image/png'));
    const logo = await makeThumbnail(flat, 'ppt/media/logo.png', { decoder });
    assert.ok('dataUrl' in logo && logo.mime === 'image/png', JSON.stringify(logo).slice(0, 200));
    assert.deepEqual([logo.width, logo.height], [128, 256]);
    assert.equal(readImageSize(bytesOf(logo))?.format, 'png');
    // A photo cut-out would cost ten previews as PNG: on white, as JPEG (how the report shows it anyway).
    const cutOut = await makeThumbnail(await photo(300, 600, 'image/png', 128), 'ppt/media/cut-out.png', { decoder });
    assert.ok('dataUrl' in cutOut && cutOut.mime === 'image/jpeg' && cutOut.bytes < 48 * 1024);
  });
}

test('a small picture is kept as it is (same bytes), never enlarged', async () => {
  const small = makePng(64, 48, 3);
  const t = await makeThumbnail(small, 'ppt/media/icon.png');
  assert.ok('dataUrl' in t);
  assert.ok(bytesOf(t).equals(small));
  assert.deepEqual([t.width, t.height], [64, 48]);
  const named = await makeThumbnail(small, 'ppt/media/renamed.emf');
  assert.ok('dataUrl' in named, 'the bytes decide, not the name');
});

test('EMF, WMF, SVG and junk get a stand-in sentence; nothing is converted or thrown', async () => {
  const emf = Buffer.concat([Buffer.from([1, 0, 0, 0]), Buffer.alloc(36), Buffer.from(' EMF'), Buffer.alloc(40)]);
  const wmf = Buffer.concat([Buffer.from([0xd7, 0xcd, 0xc6, 0x9a]), Buffer.alloc(60)]);
  const cases: Array<[Buffer, string, RegExp]> = [
    [emf, 'ppt/media/image2.emf', /^EMF drawing: no preview/],
    [wmf, 'ppt/media/image3.wmf', /^WMF drawing: no preview/],
    [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'ppt/media/v.svg', /SVG.*scripts/],
    [Buffer.from('not a picture'), 'ppt/media/x.png', /not a picture format/],
    [Buffer.concat([makePng(300, 300).subarray(0, 33), randomBytes(100)]), 'ppt/media/cut.png', /could not be decoded/],
  ];
  for (const [bytes, name, re] of cases) {
    const t = await makeThumbnail(bytes, name);
    assert.ok('placeholder' in t && re.test(t.placeholder), `${name}: ${JSON.stringify(t)}`);
  }
  assert.match(standInForName('ppt/media/image9.wmf')!.placeholder, /WMF/);
  assert.equal(standInForName('ppt/media/image1.png'), null);
});

test('a header claiming a gigantic picture is not decoded', async () => {
  const png = makePng(8, 8);
  png.writeUInt32BE(20_000, 16); // IHDR width
  png.writeUInt32BE(20_000, 20); // IHDR height
  const t = await makeThumbnail(png, 'ppt/media/huge.png');
  assert.ok('placeholder' in t && /too large.*20000×20000/.test(t.placeholder), JSON.stringify(t));
});
