/**
 * The model's answer in the written deck and the report, through processDeck:
 * a decorative role is a proposal (the flag only with --mark-decorative), a long
 * answer becomes the long description, a refusal or "N/A" writes nothing of the
 * model's, and a picture no model can see says why.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { processDeck } from '../../../src/processor/process-deck';
import type { AltItem } from '../../../src/shared/types';
import { startFakeOllama, type FakeOllama } from '../../helpers/fake-ollama';
import { makeDeck } from '../../helpers/make-deck';
import { tempDir } from '../../helpers/tmp';

const json = (o: Record<string, string>) => JSON.stringify({ role: 'informative', alt: '', long_description: '', text_in_image: '', ...o });

async function run(t: { after: (fn: () => Promise<void> | void) => void }, server: FakeOllama, extra: Record<string, unknown> = {}) {
  const dir = tempDir(t);
  const input = await makeDeck(join(dir, 'in.pptx'), { slides: 1, title: () => 'Wound healing' });
  const output = join(dir, 'out.pptx');
  const result = await processDeck({ input, output, modelServer: server.url, model: 'llava', modelCache: join(dir, 'altdeck.db'), ...extra });
  const pic = result.items.find((i) => i.kind === 'picture') as AltItem;
  const slide = await (await JSZip.loadAsync(readFileSync(output))).file('ppt/slides/slide1.xml')!.async('string');
  return { result, pic, slide, dir, input };
}

test('a decorative answer is a proposal for review; the flag is written only with --mark-decorative', async (t) => {
  const server = await startFakeOllama({ reply: json({ role: 'decorative' }) });
  t.after(() => server.close());
  const a = await run(t, server);
  assert.equal(a.pic.status, 'decorative-candidate');
  assert.equal(a.pic.newAlt, null);
  assert.equal(a.pic.needsReview, true);
  assert.ok(a.pic.reviewReasons.some((r) => /judged the picture decorative/.test(r)));
  assert.doesNotMatch(a.slide, /adec:decorative/);
  assert.doesNotMatch(a.slide, /descr="Decorative/i);

  const b = await run(t, server, { markDecorative: true });
  assert.equal(b.pic.status, 'decorative');
  assert.equal(b.pic.decorative, true);
  assert.equal(b.pic.needsReview, true);
  assert.match(b.slide, /<adec:decorative [^>]*val="1"/);
});

test('a long answer: a short ALT in the deck, the whole answer as the long description (and in the notes when asked)', async (t) => {
  const long = 'Photograph of a healing surgical wound on the forearm, eight days after suture, with a thin pink scar line and no visible discharge or redness around the stitches';
  const server = await startFakeOllama({ reply: json({ alt: long }) });
  t.after(() => server.close());
  const a = await run(t, server, { notesLongDescriptions: true });
  assert.equal(a.pic.status, 'written');
  assert.equal(a.pic.source, 'model');
  // the first clause; alt-rules drops the "Photograph of" opening
  assert.equal(a.pic.newAlt, 'A healing surgical wound on the forearm.');
  assert.equal(a.pic.longDescription, long);
  assert.match(a.slide, /descr="A healing surgical wound on the forearm\."/);
  const zip = await JSZip.loadAsync(readFileSync(join(a.dir, 'out.pptx')));
  const notes = await Promise.all(Object.keys(zip.files).filter((n) => /notesSlides\/notesSlide\d+\.xml$/.test(n)).map((n) => zip.file(n)!.async('string')));
  assert.ok(notes.some((n) => n.includes('no visible discharge or redness')), 'the long description is in the notes');
});

test('a refusal or "N/A" writes nothing of the model: the reason is in the report', async (t) => {
  for (const reply of ["I'm sorry, I can't describe medical images.", json({ alt: 'N/A' })]) {
    const server = await startFakeOllama({ reply });
    t.after(() => server.close());
    const a = await run(t, server);
    assert.notEqual(a.pic.source, 'model', reply);
    assert.doesNotMatch(a.slide, /descr="(?:N\/A|I'm sorry)/, reply);
    assert.ok(a.pic.reviewReasons.some((r) => /vision model: the vision model (?:declined|gave no description)/.test(r)), `${reply}: ${a.pic.reviewReasons.join(' | ')}`);
  }
});

test('an EMF picture with no renderer: left for a person, and the report says why', async (t) => {
  const server = await startFakeOllama({ reply: json({ alt: 'Never asked' }) });
  t.after(() => server.close());
  const prev = process.env.ALTDECK_SOFFICE;
  process.env.ALTDECK_SOFFICE = '';
  t.after(() => (prev === undefined ? delete process.env.ALTDECK_SOFFICE : (process.env.ALTDECK_SOFFICE = prev)));
  const dir = tempDir(t);
  const input = await makeDeck(join(dir, 'in.pptx'), { slides: 1 });
  const zip = await JSZip.loadAsync(readFileSync(input));
  const media = Object.keys(zip.files).find((n) => n.startsWith('ppt/media/') && !n.endsWith('/'))!;
  const emf = Buffer.alloc(88);
  emf.writeUInt32LE(1, 0);
  emf.write(' EMF', 40, 'ascii');
  zip.file(media, emf);
  writeFileSync(input, await zip.generateAsync({ type: 'nodebuffer' }));
  const result = await processDeck({ input, output: join(dir, 'out.pptx'), modelServer: server.url, model: 'llava' });
  const pic = result.items.find((i) => i.kind === 'picture')!;
  assert.equal(server.generations.length, 0, `${media}: ${JSON.stringify(pic)}`);
  assert.ok(pic.reviewReasons.some((r) => r === 'vision model: EMF vector picture: no renderer for EMF on this computer (install LibreOffice to let the model see it), so a person must describe it'), pic.reviewReasons.join(' | '));
  assert.notEqual(pic.source, 'model');
});

test('an OpenAI-compatible server through the whole pipeline', async (t) => {
  const server = await startFakeOllama({ api: 'openai', reply: 'Sure! Here is the ALT text: Close-up of granulation tissue in a healing ulcer' });
  t.after(() => server.close());
  const a = await run(t, server, { modelApi: 'openai' });
  assert.equal(a.pic.newAlt, 'Close-up of granulation tissue in a healing ulcer');
  assert.match(a.slide, /descr="Close-up of granulation tissue in a healing ulcer"/);
  assert.match(server.generations[0].prompt, /Slide title: Wound healing/);
});
