/**
 * Pictures reach the model at most 1,024 px on their longest side, in a format
 * it decodes; small ones go byte for byte; SVG is rendered (resvg, WebAssembly);
 * EMF/WMF are rendered by LibreOffice where it is installed and otherwise left
 * for a person with the reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Jimp } from 'jimp';
import { findSoffice, prepareImage } from '../../../src/processor/model/image-prep';
import { readImageSize, sniffImageFormat } from '../../../src/processor/sources/image-header';
import { DescriberSkip } from '../../../src/processor/sources/types';
import { createModelDescriber } from '../../../src/processor/model/describer';
import { startFakeOllama } from '../../helpers/fake-ollama';
import { makePng } from '../../helpers/make-deck';
import { tempDir } from '../../helpers/tmp';
import { soffice as testSoffice, sofficeSkip } from '../../helpers/libreoffice';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><rect x="10" y="10" width="380" height="180" fill="#c33"/><circle cx="200" cy="100" r="60" fill="#33c"/></svg>';

test('a large PNG is scaled to 1,024 px on its longest side, keeping its proportions', async () => {
  const p = await prepareImage(makePng(2000, 1500, 3));
  assert.equal(p.mime, 'image/png');
  assert.deepEqual(readImageSize(p.bytes), { format: 'png', width: 1024, height: 768 });
  assert.match(p.how, /scaled from 2000×1500/);
});

test('a large JPEG stays a JPEG; a tall picture is limited by its height', async () => {
  const jpeg = await new Jimp({ width: 1200, height: 3000, color: 0x3366ccff }).getBuffer('image/jpeg');
  const p = await prepareImage(Buffer.from(jpeg));
  assert.equal(p.mime, 'image/jpeg');
  assert.equal(sniffImageFormat(p.bytes), 'jpeg');
  const size = readImageSize(p.bytes)!;
  assert.equal(size.height, 1024);
  assert.ok(Math.abs(size.width - 410) <= 1, `width ${size.width}`);
});

test('a small PNG goes as it is, byte for byte; BMP becomes PNG', async () => {
  const small = makePng(300, 200, 5);
  const p = await prepareImage(small);
  assert.ok(p.bytes.equals(small));
  assert.equal(p.how, 'as is');
  const bmp = await new Jimp({ width: 40, height: 30, color: 0xff0000ff }).getBuffer('image/bmp');
  const q = await prepareImage(Buffer.from(bmp));
  assert.equal(q.mime, 'image/png');
  assert.deepEqual(readImageSize(q.bytes), { format: 'png', width: 40, height: 30 });
});

test('SVG is rendered to PNG (small drawings larger, so the model sees something)', async () => {
  const p = await prepareImage(Buffer.from(SVG));
  assert.equal(p.mime, 'image/png');
  assert.deepEqual(readImageSize(p.bytes), { format: 'png', width: 512, height: 256 });
  assert.equal(p.how, 'rendered from SVG');
  await assert.rejects(prepareImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect')), (e: unknown) => e instanceof DescriberSkip && /SVG picture could not be rendered/.test(e.reason));
});

test('EMF and WMF without LibreOffice: a person must describe them, and the reason says why', async () => {
  const emf = Buffer.alloc(88);
  emf.writeUInt32LE(1, 0);
  emf.write(' EMF', 40, 'ascii');
  await assert.rejects(prepareImage(emf, { soffice: null }), (e: unknown) => {
    assert.ok(e instanceof DescriberSkip);
    assert.equal(e.reason, 'EMF vector picture: no renderer for EMF on this computer (install LibreOffice to let the model see it), so a person must describe it');
    return true;
  });
  assert.equal(findSoffice({ ALTDECK_SOFFICE: '' }), null, 'ALTDECK_SOFFICE="" turns LibreOffice off');
});

const soffice = testSoffice;
test('EMF and WMF are rendered by LibreOffice where it is installed, cropped to the picture', { skip: sofficeSkip, timeout: 180_000 }, async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'p.svg'), SVG);
  for (const ext of ['emf', 'wmf'] as const) {
    // LibreOffice itself makes the vector file from the SVG
    const out = join(dir, ext);
    mkdirSync(out);
    execFileSync(soffice!, [`-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`, '--headless', '--norestore', '--convert-to', ext, '--outdir', out, join(dir, 'p.svg')], { stdio: 'ignore', timeout: 120_000 });
    const vector = readFileSync(join(out, `p.${ext}`));
    assert.equal(sniffImageFormat(vector), ext);
    const p = await prepareImage(vector, { soffice });
    assert.equal(p.mime, 'image/png');
    assert.match(p.how, new RegExp(`rendered from ${ext.toUpperCase()} by LibreOffice`));
    const size = readImageSize(p.bytes)!;
    assert.ok(size.width > size.height && size.width < 794, `${ext}: ${size.width}×${size.height} (the picture, not an A4 page)`);
  }
});

test('the model server receives the scaled picture, not the original', async (t) => {
  const server = await startFakeOllama({ api: 'openai', reply: '{"role":"informative","alt":"A gradient","long_description":"","text_in_image":""}' });
  t.after(() => server.close());
  const d = createModelDescriber({ baseUrl: server.url, model: 'llava', api: 'openai' });
  const big = makePng(3000, 1000, 7);
  assert.equal((await d.describe({ bytes: big, contentType: 'image/png', mediaPart: 'ppt/media/image9.png' }, { slideNumber: 1, title: null, nearbyText: [], notes: null }))?.text, 'A gradient');
  const sent = server.generations[0];
  assert.equal(sent.imageMime, 'image/png');
  assert.deepEqual(readImageSize(sent.image!), { format: 'png', width: 1024, height: 341 });
});
