/**
 * The image describers inside processDeck: the model comes first for pictures,
 * deck data still wins for charts and tables, a junk answer falls back to the
 * slide context, one picture used twice is described once, a busy model
 * server is a temporary failure (exit 75), and real OCR (tesseract.js, offline)
 * reads text drawn into a picture.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PptxGenJS from 'pptxgenjs';
import JSZip from 'jszip';
import { tempDir } from '../helpers/tmp';
import { lectureDeck, mixedCompression } from './fixtures';
import { processDeck, TempFailError } from '../../src/processor/process-deck';
import type { Description, ImageDescriber, ImageInput, SlideContext } from '../../src/processor/sources/types';

function fakeModel(answer: (img: ImageInput, ctx: SlideContext) => string | Error | null): ImageDescriber & { calls: ImageInput[] } {
  const calls: ImageInput[] = [];
  return {
    name: 'model',
    calls,
    async available() {
      return { ok: true };
    },
    async describe(img, ctx): Promise<Description | null> {
      calls.push(img);
      const a = answer(img, ctx);
      if (a instanceof Error) throw a;
      return a === null ? null : { text: a, source: 'model', confidence: 0.8, needsReview: true, reasons: [] };
    },
    async close() {},
  };
}

test('model first for pictures; chart and table data still win; images reach the describer with their size', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'in.pptx'));
  const model = fakeModel((img, ctx) => `Image of a pressure curve on slide ${ctx.slideNumber} (${img.widthPx}x${img.heightPx})`);
  const r = await processDeck({ input, output: join(dir, 'out.pptx'), describers: [model] });
  const pics = r.items.filter((i) => i.kind === 'picture' && i.status === 'written');
  assert.ok(pics.length >= 2);
  for (const p of pics) {
    assert.equal(p.source, 'model');
    assert.match(p.newAlt!, /^A pressure curve on slide \d \(\d+x\d+\)$/, 'the "image of" opening is removed');
  }
  assert.equal(model.calls[0].contentType, 'image/png');
  assert.equal(model.calls[0].widthPx, 320);
  assert.equal(r.items.find((i) => i.kind === 'chart')!.source, 'chart');
  assert.equal(r.items.find((i) => i.kind === 'table')!.source, 'table');
  assert.equal(r.items.find((i) => i.status === 'kept')!.newAlt, 'Diagram of the nephron & collecting duct', 'a person’s ALT is not sent to the model');
});

test('a junk answer falls back to the evidence in the deck (the caption); no answer too', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'in.pptx'));
  const model = fakeModel((img) => (img.widthPx === 320 ? 'IMG_2041.png' : null));
  const r = await processDeck({ input, output: join(dir, 'out.pptx'), describers: [model] });
  const first = r.items[0];
  assert.equal(first.source, 'caption');
  assert.equal(first.newAlt, 'Pressure changes in the left ventricle');
});

test('one picture used on several slides is described once', async (t) => {
  const dir = tempDir(t);
  const pptx = new PptxGenJS();
  const { makePng } = await import('../helpers/make-deck');
  const data = `image/png;base64,${makePng(300, 200, 9).toString('base64')}`;
  for (let s = 0; s < 3; s++) {
    const slide = pptx.addSlide();
    slide.addText(`Week ${s + 1}`, { x: 0.5, y: 0.2, w: 9, h: 0.8, placeholder: 'title' } as PptxGenJS.TextPropsOptions);
    slide.addImage({ data, x: 1, y: 1.5, w: 4, h: 3 });
  }
  // pptxgenjs writes one media file per slide: point slides 2 and 3 at slide 1's, as PowerPoint does
  const zip = await JSZip.loadAsync((await pptx.write({ outputType: 'nodebuffer' })) as Buffer);
  for (const n of [2, 3]) {
    const relsPart = `ppt/slides/_rels/slide${n}.xml.rels`;
    zip.file(relsPart, (await zip.file(relsPart)!.async('string')).replace(`image-${n}-1.png`, 'image-1-1.png'));
    zip.remove(`ppt/media/image-${n}-1.png`);
  }
  const input = join(dir, 'in.pptx');
  writeFileSync(input, await mixedCompression(await zip.generateAsync({ type: 'nodebuffer' })));
  const model = fakeModel(() => 'Coronal MRI of the brain');
  const r = await processDeck({ input, output: join(dir, 'out.pptx'), describers: [model] });
  assert.equal(r.written, 3);
  assert.deepEqual([...new Set(r.items.map((i) => i.mediaPart))], ['ppt/media/image-1-1.png']);
  assert.equal(model.calls.length, 1);
  assert.deepEqual(r.items.map((i) => i.newAlt), Array(3).fill('Coronal MRI of the brain'));
});

test('a busy model server is a temporary failure and leaves no output', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'in.pptx'));
  const busy = Object.assign(new Error('503 after 3 retries'), { temporary: true });
  const model = fakeModel(() => busy);
  const output = join(dir, 'out.pptx');
  await assert.rejects(processDeck({ input, output, describers: [model] }), TempFailError);
  assert.equal(existsSync(output), false);
  assert.deepEqual(readdirSync(dir), ['in.pptx']);
  // a refusal of one picture (not temporary) only falls back
  const refusing = fakeModel(() => new Error('400 bad request'));
  const r = await processDeck({ input, output, describers: [refusing] });
  assert.ok(r.written > 0);
});

const ocrAvailable = existsSync(join(__dirname, '..', '..', 'src', 'processor', 'sources', 'ocr.ts'));

test('real OCR reads the text in a picture (tesseract.js, offline)', { skip: ocrAvailable ? false : 'OCR describer not present', timeout: 120_000 }, async (t) => {
  const { renderText, encodePng } = await import('./sources/text-image');
  const dir = tempDir(t);
  const pptx = new PptxGenJS();
  const slide = pptx.addSlide();
  slide.addText('Renal physiology', { x: 0.5, y: 0.2, w: 9, h: 0.8, placeholder: 'title' } as PptxGenJS.TextPropsOptions);
  const png = encodePng(renderText(['LOOP OF HENLE', 'COUNTERCURRENT']));
  slide.addImage({ data: `image/png;base64,${png.toString('base64')}`, x: 1, y: 1.5, w: 6, h: 2 });
  const input = join(dir, 'in.pptx');
  writeFileSync(input, await mixedCompression((await pptx.write({ outputType: 'nodebuffer' })) as Buffer));
  const r = await processDeck({ input, output: join(dir, 'out.pptx'), ocr: true });
  const pic = r.items[0];
  assert.equal(pic.source, 'ocr', JSON.stringify(pic));
  // tesseract may misread a letter of the bitmap font; the long word must come through
  assert.match(pic.newAlt!, /COUNTERCURRENT/i);
  assert.match(pic.newAlt!, /HENLE/i);
  assert.equal(pic.needsReview, true);
});
