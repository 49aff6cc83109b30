/**
 * Check reading order: generated slides whose file order differs from the layout (a title
 * added last, two columns added row by row), one in order, one with text over a picture;
 * the proposed order written through the edit path opens in LibreOffice and then passes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import PptxGenJS from 'pptxgenjs';
import { tempDir } from '../../helpers/tmp';
import { makePng } from '../../helpers/make-deck';
import { CORPUS_DIR, corpusAvailable, corpusSkip } from '../../helpers/corpus';
import { checkReadingOrder, reorderSplices, visualOrder, type OrderItem } from '../../../src/processor/checker/rule-reading-order';
import { loadDeck, writeWithSplices } from './load-deck';
import { soffice as testSoffice, sofficeSkip } from '../../helpers/libreoffice';

const png = () => `image/png;base64,${makePng().toString('base64')}`;

async function orderDeck(path: string): Promise<string> {
  const pptx = new PptxGenJS();
  // 1: the body first, the heading last
  const s1 = pptx.addSlide();
  s1.addText('Filtration happens in the glomerulus.', { x: 0.5, y: 2, w: 9, h: 1, objectName: 'Body' });
  s1.addText('The nephron', { x: 0.5, y: 0.3, w: 9, h: 0.8, objectName: 'Heading' });
  // 2: two columns of unequal rows, added row by row
  const s2 = pptx.addSlide();
  s2.addText('Arteries', { x: 0.5, y: 0.3, w: 9, h: 0.8, objectName: 'Heading' });
  s2.addText('Thick walls', { x: 0.5, y: 1.3, w: 4, h: 1.5, objectName: 'Left top' });
  s2.addText('Veins have valves', { x: 5, y: 1.3, w: 4, h: 1, objectName: 'Right top' });
  s2.addImage({ data: png(), x: 0.5, y: 3, w: 4, h: 2, objectName: 'Left picture', altText: 'Artery cross-section' });
  s2.addText('Thin walls', { x: 5, y: 2.5, w: 4, h: 2.5, objectName: 'Right bottom' });
  // 3: in order
  const s3 = pptx.addSlide();
  s3.addText('Summary', { x: 0.5, y: 0.3, w: 9, h: 0.8, objectName: 'Heading' });
  s3.addText('Left', { x: 0.5, y: 1.5, w: 4, h: 1, objectName: 'A' });
  s3.addText('Right', { x: 5, y: 1.5, w: 4, h: 1, objectName: 'B' });
  // 4: a label over a picture: overlapping, so the file's order stands
  const s4 = pptx.addSlide();
  s4.addImage({ data: png(), x: 0, y: 0, w: 10, h: 5.6, objectName: 'Photo', altText: 'Microscope' });
  s4.addText('Kidney biopsy', { x: 0.5, y: 0.3, w: 5, h: 0.8, objectName: 'Label' });
  writeFileSync(path, (await pptx.write({ outputType: 'nodebuffer' })) as Buffer);
  return path;
}

const names = (items: OrderItem[]) => items.map((i) => i.name);

test('reading order: file order against the layout, columns read one after the other, overlaps left alone', async (t) => {
  const dir = tempDir(t);
  const input = await orderDeck(join(dir, 'order.pptx'));
  const deck = await loadDeck(input);
  try {
    const r = deck.slides.map((s) => checkReadingOrder(s));
    assert.deepEqual(names(r[0].proposed), ['Heading', 'Body']);
    assert.equal(r[0].finding?.outcome, 'proposed');
    assert.match(r[0].finding!.message, /reads “Body” before “Heading”/);
    assert.deepEqual(r[0].finding!.proposal!.split(','), r[0].proposed.map((i) => i.id));
    assert.deepEqual(names(r[1].proposed), ['Heading', 'Left top', 'Left picture', 'Right top', 'Right bottom']);
    assert.ok(r[1].finding);
    assert.equal(r[2].finding, null);
    assert.equal(r[3].finding, null);
    assert.ok(r.every((x) => x.checked));

    // the proposal, once approved, is written through the edit path; the original is untouched
    const before = readFileSync(input);
    const edits = [0, 1].flatMap((i) => reorderSplices(deck.slides[i].xml, r[i].items, r[i].finding!.proposal!.split(','))!.map((splice) => ({ part: deck.slides[i].part, splice })));
    const output = join(dir, 'out.pptx');
    await writeWithSplices(deck, output, edits);
    assert.deepEqual(readFileSync(input), before);
    const out = await loadDeck(output);
    try {
      assert.deepEqual(out.slides.map((s) => checkReadingOrder(s).finding), [null, null, null, null]);
      assert.equal(reorderSplices(out.slides[0].xml, checkReadingOrder(out.slides[0]).items, ['999', '998']), null, 'ids that are gone: no edit');
    } finally {
      out.close();
    }
    const soffice = testSoffice;
    if (!soffice) return t.diagnostic(`LibreOffice check skipped: ${sofficeSkip}`);
    const pdfDir = join(dir, 'pdf');
    mkdirSync(pdfDir);
    spawnSync(soffice, [`-env:UserInstallation=${pathToFileURL(join(dir, 'lo')).href}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', pdfDir, output], { timeout: 180_000 });
    assert.ok(existsSync(join(pdfDir, 'out.pdf')), 'LibreOffice opens the reordered deck');
  } finally {
    deck.close();
  }
});

test('visual order: a grid is read row by row; a title goes first wherever it sits', () => {
  const it = (name: string, x: number, y: number, title = false): OrderItem => ({ id: name, name, node: null as never, box: { x: x * 914400, y: y * 914400, cx: 914400 * 2, cy: 914400 }, title });
  assert.deepEqual(names(visualOrder([it('d', 3, 3), it('c', 0, 3), it('b', 3, 1), it('a', 0, 1)])), ['a', 'b', 'c', 'd']);
  assert.deepEqual(names(visualOrder([it('body', 0, 0), it('title', 0, 5, true)])), ['title', 'body']);
  // Arabic and Hebrew slides: columns right to left, bands still top to bottom
  assert.deepEqual(names(visualOrder([it('left', 0, 1), it('right', 3, 1.5), it('below', 0, 3)], true)), ['right', 'left', 'below']);
  assert.deepEqual(names(visualOrder([it('left', 0, 1), it('right', 3, 1.5), it('below', 0, 3)])), ['left', 'right', 'below']);
});

test('corpus: every slide is ordered or said to be out of order, never reordered silently', { skip: corpusSkip }, async () => {
  if (!corpusAvailable) return;
  let checked = 0;
  let flagged = 0;
  for (const f of readdirSync(CORPUS_DIR).filter((n) => n.endsWith('.pptx'))) {
    let deck;
    try {
      deck = await loadDeck(join(CORPUS_DIR, f));
    } catch {
      continue;
    }
    try {
      for (const s of deck.slides) {
        const r = checkReadingOrder(s);
        if (r.checked) checked++;
        if (!r.finding) continue;
        flagged++;
        assert.equal(r.finding.outcome, 'proposed');
        assert.deepEqual([...r.finding.proposal!.split(',')].sort(), [...r.finding.current!.split(',')].sort(), `${f} ${s.number}: a permutation`);
      }
    } finally {
      deck.close();
    }
  }
  assert.ok(checked > 400 && flagged > 0 && flagged < checked * 0.6, `${flagged} of ${checked}`);
  console.log(`corpus: ${flagged} of ${checked} slides out of visual order`);
});
