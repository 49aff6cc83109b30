/**
 * Apply mode in-process: the edits of one decision (pure), the --apply file
 * reader, and whole decks (generated and real) where exactly the listed shapes
 * change and every other entry is copied byte for byte.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApplyInstructions } from '../../src/shared/review';
import { processDeck, BadInputError } from '../../src/processor/process-deck';
import { applyDecisions, NONE_FOUND } from '../../src/processor/apply';
import { ApplyFileError, parseApplyInstructions } from '../../src/processor/apply-instructions';
import { cNvPrEdits, objectEdits } from '../../src/processor/deck/apply-edits';
import { findAll, parseXml } from '../../src/processor/xml/tree';
import { applySplices } from '../../src/processor/xml/splice';
import { scanSlide } from '../../src/processor/deck/slide-objects';
import { corpusFile, corpusSkip } from '../helpers/corpus';
import { tempDir } from '../helpers/tmp';
import { lectureDeck } from './fixtures';
import { xmlError } from './zip-inspect';
import { assertOthersRawIdentical, changedShapeIds, DECORATIVE_URI, partText, shapeAlts } from './apply-inspect';

const NS = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"';
const sld = (inner: string) => `<p:sld ${NS}><p:cSld><p:spTree>${inner}</p:spTree></p:cSld></p:sld>`;
const pic = (cNvPr: string) => `<p:pic><p:nvPicPr>${cNvPr}<p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill/><p:spPr/></p:pic>`;
const DECO_EXT = `<a:ext uri="${DECORATIVE_URI}"><adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/></a:ext>`;
const CREATION_EXT = '<a:ext uri="{FF2B5EF4-FFF2-40B4-BE49-F238E27FC236}"><a16:creationId xmlns:a16="http://schemas.microsoft.com/office/drawing/2014/main" id="{1}"/></a:ext>';

/** Apply one decision to the first cNvPr of a part's text. */
function edit(xml: string, decision: Parameters<typeof cNvPrEdits>[2]): string {
  const root = parseXml(xml);
  const target = findAll(root, 'cNvPr').find((n) => n.attrs.some((a) => a.name === 'id' && a.value === '4'))!;
  return applySplices(xml, cNvPrEdits(root, target, decision));
}

test('set: descr escaped like the normal path, inserted after name=', () => {
  const xml = sld(pic('<p:cNvPr id="4" name="Picture 3"/>'));
  const out = edit(xml, { action: 'set', text: 'Heart & lungs <CT> "axial"\nsecond line\u0001\uFFFF' });
  assert.ok(out.includes('<p:cNvPr id="4" name="Picture 3" descr="Heart &amp; lungs &lt;CT&gt; &quot;axial&quot;&#xA;second line"/>'), out);
  assert.equal(shapeAlts(out).get('4')![0].descr, 'Heart & lungs <CT> "axial"\nsecond line');
  // already what the decision says: no edit at all
  assert.deepEqual(cNvPrEdits(parseXml(out), findAll(parseXml(out), 'cNvPr')[0], { action: 'set', text: 'Heart & lungs <CT> "axial"\nsecond line\u0001' }), []);
});

test('set on a decorative shape removes the flag: the whole extLst when it held only that', () => {
  const plain = sld(pic('<p:cNvPr id="4" name="Picture 3" descr="Old"></p:cNvPr>'));
  const flagged = sld(pic(`<p:cNvPr id="4" name="Picture 3" descr="Old"><a:extLst>${DECO_EXT}</a:extLst></p:cNvPr>`));
  const out = edit(flagged, { action: 'set', text: 'Kidney, coronal section' });
  assert.equal(out, plain.replace('descr="Old"', 'descr="Kidney, coronal section"'));
  assert.deepEqual(shapeAlts(out).get('4'), [{ descr: 'Kidney, coronal section', decorative: false }]);
});

test('set on a decorative shape with other extensions keeps them', () => {
  const flagged = sld(pic(`<p:cNvPr id="4" name="Picture 3"><a:extLst>${CREATION_EXT}${DECO_EXT}</a:extLst></p:cNvPr>`));
  const out = edit(flagged, { action: 'set', text: 'Nephron' });
  assert.equal(out, sld(pic(`<p:cNvPr id="4" name="Picture 3" descr="Nephron"><a:extLst>${CREATION_EXT}</a:extLst></p:cNvPr>`)));
});

test('decorative: flag written with its namespace, descr emptied; again = no edit; val="0" is switched on, not doubled', () => {
  const xml = sld(pic('<p:cNvPr id="4" name="Picture 3" descr="logo.png"/>'));
  const out = edit(xml, { action: 'decorative' });
  assert.equal(xmlError(out), null);
  assert.deepEqual(shapeAlts(out).get('4'), [{ descr: '', decorative: true }]);
  const root = parseXml(out);
  assert.deepEqual(cNvPrEdits(root, findAll(root, 'cNvPr')[0], { action: 'decorative' }), []);

  const off = sld(pic(`<p:cNvPr id="4" name="Picture 3" descr=""><a:extLst>${DECO_EXT.replace('val="1"', 'val="0"')}</a:extLst></p:cNvPr>`));
  const on = edit(off, { action: 'decorative' });
  assert.equal(on, off.replace('val="0"', 'val="1"'));
  // into an existing extLst (PowerPoint's creationId)
  const withExt = sld(pic(`<p:cNvPr id="4" name="Picture 3"><a:extLst>${CREATION_EXT}</a:extLst></p:cNvPr>`));
  const deco = edit(withExt, { action: 'decorative' });
  assert.deepEqual(shapeAlts(deco).get('4'), [{ descr: '', decorative: true }]);
  assert.equal((deco.match(/<a:extLst>/g) ?? []).length, 1);
});

test('both branches of mc:AlternateContent get the same edit', () => {
  const mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"';
  const xml = sld(
    `<mc:AlternateContent ${mc}><mc:Choice Requires="p14">${pic('<p:cNvPr id="4" name="Picture 3"/>')}</mc:Choice>` +
      `<mc:Fallback>${pic('<p:cNvPr id="4" name="Picture 3"/>')}</mc:Fallback></mc:AlternateContent>`,
  );
  const root = parseXml(xml);
  const [obj] = scanSlide(xml, root).objects;
  assert.equal(obj.aliases.length, 1);
  const out = applySplices(xml, objectEdits(root, obj, { action: 'set', text: 'Aorta' }));
  assert.deepEqual(shapeAlts(out).get('4'), [
    { descr: 'Aorta', decorative: false },
    { descr: 'Aorta', decorative: false },
  ]);
});

test('the --apply file: schema and every item checked; numbers and a BOM tolerated', () => {
  const ok = parseApplyInstructions('\uFEFF' + JSON.stringify({ schema: 'altdeck-apply/1', items: [{ part: 'ppt/slides/slide1.xml', shapeId: 4, action: 'set', text: 'x' }, { part: 'ppt/slides/slide1.xml', shapeId: '5', action: 'decorative', text: 'ignored' }] }));
  assert.deepEqual(ok.items, [
    { part: 'ppt/slides/slide1.xml', shapeId: '4', action: 'set', text: 'x' },
    { part: 'ppt/slides/slide1.xml', shapeId: '5', action: 'decorative' },
  ]);
  for (const bad of [
    'not json',
    '{"schema":"altdeck-decisions/1","items":[]}',
    '{"schema":"altdeck-apply/1"}',
    '{"schema":"altdeck-apply/1","items":[{"part":"ppt/slides/slide1.xml","shapeId":"4","action":"delete"}]}',
    '{"schema":"altdeck-apply/1","items":[{"part":"ppt/slides/slide1.xml","action":"decorative"}]}',
    '{"schema":"altdeck-apply/1","items":[{"part":"ppt/slides/slide1.xml","shapeId":"4","action":"set","text":7}]}',
  ]) {
    assert.throws(() => parseApplyInstructions(bad), ApplyFileError, bad);
  }
});

const DECISIONS: ApplyInstructions = {
  schema: 'altdeck-apply/1',
  items: [
    { part: 'ppt/slides/slide1.xml', shapeId: '3', action: 'set', text: 'Left ventricle, cross-section & "pressure"\nloop' },
    { part: 'ppt/slides/slide1.xml', shapeId: '5', action: 'decorative' },
    { part: 'ppt/slides/slide3.xml', shapeId: '3', action: 'set', text: 'Nephron: glomerulus to collecting duct' },
    { part: 'ppt/slides/slide3.xml', shapeId: '99', action: 'set', text: 'deleted since the review' },
    { part: 'ppt/slides/slide9.xml', shapeId: '2', action: 'decorative' },
  ],
};

/** The result's items for the listed decisions (the others are the images nobody decided, as the original holds them). */
function decided<T extends { part: string; shapeId: string }>(items: T[], apply: ApplyInstructions): T[] {
  const keys = new Set(apply.items.map((i) => `${i.part.replace(/^\//, '')}#${i.shapeId}`));
  return items.filter((i) => keys.has(`${i.part}#${i.shapeId}`));
}

test('generated deck: exactly the listed shapes change, everything else byte-identical, idempotent', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'in.pptx'));
  const out1 = join(dir, 'out1.pptx');
  const logs: string[] = [];
  const progress: Array<[number, number, string | undefined]> = [];
  const r = await processDeck(
    { input, output: out1, apply: DECISIONS, durable: false },
    { onLog: (_l, m) => logs.push(m), onProgress: (d, n, s) => progress.push([d, n, s]) },
  );
  assert.equal(r.wroteOutput, true);
  assert.deepEqual(
    decided(r.items, DECISIONS).map((i) => [i.part, i.shapeId, i.status, i.source, i.needsReview, i.newAlt]),
    [
      ['ppt/slides/slide1.xml', '3', 'written', 'person', false, 'Left ventricle, cross-section & "pressure"\nloop'],
      ['ppt/slides/slide1.xml', '5', 'decorative', 'person', false, null],
      ['ppt/slides/slide3.xml', '3', 'written', 'person', false, 'Nephron: glomerulus to collecting duct'],
    ],
  );
  assert.equal(decided(r.items, DECISIONS)[0].oldAlt, 'preencoded.png');
  assert.equal(decided(r.items, DECISIONS)[0].slide, 1);
  // issue 14 §2: the images nobody decided are listed as the final deck holds them
  const slide2 = r.items.find((i) => i.part === 'ppt/slides/slide2.xml' && i.shapeId === '3')!;
  assert.deepEqual([slide2.status, slide2.source, slide2.oldAltVerdict, slide2.newAlt, slide2.needsReview], ['unresolved', 'none', 'junk', null, true]);
  assert.equal(r.objects, r.items.length);
  assert.equal(r.unresolved, r.items.filter((i) => i.status === 'unresolved').length);
  assert.ok((r.unresolved as number) >= 1);
  assert.equal(r.written, 2);
  assert.equal(r.decorative, 1);
  assert.deepEqual((r.notApplied as Array<{ shapeId: string }>).map((n) => n.shapeId), ['99', '2']);
  assert.equal(logs.filter((m) => /matches no object in this deck/.test(m)).length, 2);
  assert.match((r.warnings as string[]).join('\n'), /slide3\.xml#99 matches no object/);
  assert.deepEqual(progress[0], [0, 5, 'applying']);
  assert.deepEqual(progress[progress.length - 1], [5, 5, 'writing']);
  assert.deepEqual([...(r.changedParts as string[])].sort(), ['ppt/slides/slide1.xml', 'ppt/slides/slide3.xml']);

  await assertOthersRawIdentical(input, out1, ['ppt/slides/slide1.xml', 'ppt/slides/slide3.xml']);
  for (const [part, ids] of [
    ['ppt/slides/slide1.xml', ['3', '5']],
    ['ppt/slides/slide3.xml', ['3']],
  ] as const) {
    assert.deepEqual(changedShapeIds(await partText(input, part), await partText(out1, part)), ids, part);
  }
  const s1 = shapeAlts(await partText(out1, 'ppt/slides/slide1.xml'));
  assert.deepEqual(s1.get('3'), [{ descr: 'Left ventricle, cross-section & "pressure"\nloop', decorative: false }]);
  assert.deepEqual(s1.get('5'), [{ descr: '', decorative: true }]);
  // the junk ALT nobody decided about stays junk: apply mode generates nothing
  assert.equal(shapeAlts(await partText(out1, 'ppt/slides/slide2.xml')).get('3')![0].descr, 'grid.png');

  // the same decisions on their own output: nothing changes
  const out2 = join(dir, 'out2.pptx');
  const r2 = await applyDecisions({ input: out1, output: out2, apply: DECISIONS, durable: false });
  assert.deepEqual(r2.changedParts, []);
  assert.equal(decided(r2.items, DECISIONS).length, 3);
  assert.equal(r2.items.length, r.items.length);
  await assertOthersRawIdentical(out1, out2, []);
  assert.ok(readFileSync(out2).equals(readFileSync(out1)), 'whole file identical');
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('altdeck-tmp')), []);
});

test('decorative then set gives what set alone gives (the flag leaves no trace)', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'in.pptx'));
  const deco = join(dir, 'deco.pptx');
  const one = { schema: 'altdeck-apply/1' as const, items: [{ part: 'ppt/slides/slide1.xml', shapeId: '3', action: 'decorative' as const }] };
  await applyDecisions({ input, output: deco, apply: one, durable: false });
  const set = { schema: 'altdeck-apply/1' as const, items: [{ part: 'ppt/slides/slide1.xml', shapeId: '3', action: 'set' as const, text: 'Pressure-volume loop' }] };
  await applyDecisions({ input: deco, output: join(dir, 'a.pptx'), apply: set, durable: false });
  await applyDecisions({ input, output: join(dir, 'b.pptx'), apply: set, durable: false });
  assert.equal(await partText(join(dir, 'a.pptx'), 'ppt/slides/slide1.xml'), await partText(join(dir, 'b.pptx'), 'ppt/slides/slide1.xml'));
});

test('none of the listed shapes found: BadInputError with the sentence, no output, no temp file', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'in.pptx'));
  const output = join(dir, 'out.pptx');
  const gone: ApplyInstructions = { schema: 'altdeck-apply/1', items: [{ part: 'ppt/slides/slide1.xml', shapeId: '42', action: 'set', text: 'x' }, { part: 'ppt/slides/slide7.xml', shapeId: '3', action: 'decorative' }] };
  await assert.rejects(applyDecisions({ input, output, apply: gone }), (e: unknown) => e instanceof BadInputError && e.message === NONE_FOUND && e.exitCode === 65);
  assert.equal(existsSync(output), false);
  assert.deepEqual(readdirSync(dir), ['in.pptx']);
});

test('a set without words is not applied (it would erase the ALT text), the rest is; an OPC part name (/ppt/…) is the ZIP entry', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'in.pptx'));
  const output = join(dir, 'out.pptx');
  const r = await applyDecisions({
    input,
    output,
    durable: false,
    apply: { schema: 'altdeck-apply/1', items: [{ part: 'ppt/slides/slide3.xml', shapeId: '3', action: 'set', text: '  ' }, { part: '/ppt/slides/slide1.xml', shapeId: '5', action: 'decorative' }] },
  });
  assert.deepEqual(r.items.filter((i) => i.status === 'decorative' && i.part === 'ppt/slides/slide1.xml' && i.shapeId === '5').length, 1);
  assert.deepEqual(r.items.filter((i) => i.status === 'written'), [], 'the set without words is not written');
  assert.equal(r.items.find((i) => i.part === 'ppt/slides/slide3.xml' && i.shapeId === '3')?.status, 'kept', 'it stands with its old ALT');
  assert.match((r.warnings as string[]).join('\n'), /slide3\.xml#3 has no text: not applied/);
  assert.equal(shapeAlts(await partText(output, 'ppt/slides/slide3.xml')).get('3')![0].descr, 'Diagram of the nephron & collecting duct');
});

test('real deck (corpus): pictures set and decorative, raw copy of the rest, idempotent', { skip: corpusSkip }, async (t) => {
  const dir = tempDir(t);
  const input = corpusFile('tika__testPPT_2imgs.pptx');
  const audit = await processDeck({ input, policy: 'audit' });
  const pics = audit.items.filter((i) => i.kind === 'picture');
  assert.ok(pics.length >= 2);
  const apply: ApplyInstructions = {
    schema: 'altdeck-apply/1',
    items: [
      { part: pics[0].part, shapeId: pics[0].shapeId, action: 'set', text: 'Alfresco logo: the word “Alfresco” beside three petals' },
      { part: pics[1].part, shapeId: pics[1].shapeId, action: 'decorative' },
      { part: pics[1].part, shapeId: '9999', action: 'set', text: 'not there' },
    ],
  };
  const out1 = join(dir, 'out1.pptx');
  const r = await processDeck({ input, output: out1, apply, durable: false });
  assert.deepEqual(decided(r.items, apply).map((i) => i.status), ['written', 'decorative']);
  assert.equal((r.notApplied as unknown[]).length, 1);
  const parts = [...new Set(pics.slice(0, 2).map((p) => p.part))];
  assert.deepEqual(r.changedParts, parts);
  await assertOthersRawIdentical(input, out1, parts);
  for (const part of parts) {
    const ids = pics.slice(0, 2).filter((p) => p.part === part).map((p) => p.shapeId).sort();
    assert.deepEqual(changedShapeIds(await partText(input, part), await partText(out1, part)).sort(), ids);
  }
  const alts = shapeAlts(await partText(out1, pics[0].part));
  assert.deepEqual(alts.get(pics[0].shapeId), [{ descr: 'Alfresco logo: the word “Alfresco” beside three petals', decorative: false }]);
  assert.deepEqual(shapeAlts(await partText(out1, pics[1].part)).get(pics[1].shapeId), [{ descr: '', decorative: true }]);
  // the audio object nobody decided about keeps what it had
  const other = audit.items.find((i) => i.kind !== 'picture');
  if (other) assert.equal(shapeAlts(await partText(out1, other.part)).get(other.shapeId)![0].descr, other.oldAlt);

  const out2 = join(dir, 'out2.pptx');
  const r2 = await applyDecisions({ input: out1, output: out2, apply, durable: false });
  assert.deepEqual(r2.changedParts, []);
  assert.ok(readFileSync(out2).equals(readFileSync(out1)));
});

test('real deck (corpus): decorative into PowerPoint’s own extLst and back, the creationId kept', { skip: corpusSkip }, async (t) => {
  const dir = tempDir(t);
  const input = corpusFile('tika__testPPT_oleWorkbook.pptx');
  const part = 'ppt/slides/slide2.xml';
  const deco = join(dir, 'deco.pptx');
  const oneDeco: ApplyInstructions = { schema: 'altdeck-apply/1', items: [{ part, shapeId: '4', action: 'decorative' }] };
  const r = await applyDecisions({ input, output: deco, durable: false, apply: oneDeco });
  assert.deepEqual(decided(r.items, oneDeco).map((i) => [i.kind, i.status]), [['ole', 'decorative']]);
  const xml = await partText(deco, part);
  assert.deepEqual(changedShapeIds(await partText(input, part), xml), ['4']);
  assert.deepEqual(shapeAlts(xml).get('4'), [{ descr: '', decorative: true }]);
  assert.ok(xml.includes('7CEB5619-B187-438B-BAB3-057E9A49CAC6'), 'creationId kept');
  await assertOthersRawIdentical(input, deco, [part]);
  const back = join(dir, 'back.pptx');
  await applyDecisions({ input: deco, output: back, durable: false, apply: { schema: 'altdeck-apply/1', items: [{ part, shapeId: '4', action: 'set', text: 'Worksheet: MFL figures' }] } });
  const orig = await partText(input, part);
  assert.equal(await partText(back, part), orig.replace('name="Object 3"', 'name="Object 3" descr="Worksheet: MFL figures"'));
});
