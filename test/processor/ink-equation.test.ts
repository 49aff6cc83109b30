/**
 * Ink and equations inside mc:AlternateContent (issue 14 §5): PowerPoint 2010 and later show
 * the Choice branch (a p14:contentPart, a p:sp with a14:m math), never the fallback picture.
 * ALT goes into the Choice's cNvPr too, read back from the written XML; where the Choice has no
 * cNvPr, the item says that this object cannot carry ALT. A second run writes the same bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { tempDir } from '../helpers/tmp';
import { corpusFile, corpusSkip } from '../helpers/corpus';
import { lectureDeck, mixedCompression } from './fixtures';
import { partText, shapeAlts } from './apply-inspect';
import { processDeck } from '../../src/processor/process-deck';
import { applyDecisions } from '../../src/processor/apply';
import { UNSEEN_WARNING } from '../../src/processor/decide';
import { attr, findAll, parseXml } from '../../src/processor/xml/tree';
import type { ApplyInstructions } from '../../src/shared/review';

const NS =
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' +
  'xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main" xmlns:a14="http://schemas.microsoft.com/office/drawing/2010/main" ' +
  'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" mc:Ignorable="p14 a14"';
const xfrm = (x: number) => `<a:off x="${x}" y="1828800"/><a:ext cx="2743200" cy="1371600"/>`;
const fallbackPic = (id: number, name: string, extra = '', x = 914400) =>
  `<p:pic><p:nvPicPr><p:cNvPr id="${id}" name="${name}"${extra}/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>` +
  `<p:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr><a:xfrm>${xfrm(x)}</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>`;
// what PowerPoint 2016 writes for a pen stroke (poi__stress013.pptx, tika__testPPT_various2.pptx)
const ink = (id: number, name: string, choiceExtra = '', fallbackExtra = '', x = 914400) =>
  `<mc:AlternateContent><mc:Choice Requires="p14"><p:contentPart p14:bwMode="auto" r:id="rId1"><p14:nvContentPartPr><p14:cNvPr id="${id}" name="${name}"${choiceExtra}/><p14:cNvContentPartPr/><p14:nvPr/></p14:nvContentPartPr>` +
  `<p14:xfrm>${xfrm(x)}</p14:xfrm></p:contentPart></mc:Choice><mc:Fallback>${fallbackPic(id, name, fallbackExtra, x)}</mc:Fallback></mc:AlternateContent>`;
// an older form: the content part without its non-visual properties, so nothing there can hold ALT
const bareInk = (id: number, extra: string) =>
  `<mc:AlternateContent><mc:Choice Requires="p14"><p:contentPart p14:bwMode="auto" r:id="rId1"><p14:xfrm>${xfrm(6400800)}</p14:xfrm></p:contentPart></mc:Choice>` +
  `<mc:Fallback>${fallbackPic(id, `Ink ${id - 1}`, extra, 6400800)}</mc:Fallback></mc:AlternateContent>`;
// an equation: the Choice is a text box with a14:m math, the fallback the same box filled with its picture
const equation = (id: number, choiceExtra: string) =>
  `<mc:AlternateContent><mc:Choice Requires="a14"><p:sp><p:nvSpPr><p:cNvPr id="${id}" name="TextBox ${id - 1}"${choiceExtra}/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>` +
  `<p:spPr><a:xfrm>${xfrm(3657600)}</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a14:m><m:oMathPara><m:oMath><m:r><m:t>E=m</m:t></m:r><m:sSup><m:e><m:r><m:t>c</m:t></m:r></m:e><m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup></m:oMath></m:oMathPara></a14:m></a:p></p:txBody></p:sp></mc:Choice>` +
  `<mc:Fallback><p:sp><p:nvSpPr><p:cNvPr id="${id}" name="TextBox ${id - 1}"/><p:cNvSpPr txBox="1"><a:spLocks noRot="1" noTextEdit="1"/></p:cNvSpPr><p:nvPr/></p:nvSpPr>` +
  `<p:spPr><a:xfrm>${xfrm(3657600)}</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></a:blipFill></p:spPr>` +
  `<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"><a:noFill/></a:rPr><a:t> </a:t></a:r></a:p></p:txBody></p:sp></mc:Fallback></mc:AlternateContent>`;

const SLIDE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<p:sld ${NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>
<p:sp><p:nvSpPr><p:cNvPr id="2" name="Title 1"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-GB"/><a:t>Mass–energy equivalence</a:t></a:r></a:p></p:txBody></p:sp>
${ink(10, 'Ink 9')}
${ink(20, 'Ink 19', '', ' descr="Arrow from the aorta to the left ventricle"', 5029200)}
${equation(30, ' title="Einstein’s mass–energy equation"')}
${bareInk(40, ' descr="Signature of the dean"')}
</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>`;

async function deck(dir: string): Promise<string> {
  const base = await lectureDeck(join(dir, 'base.pptx'));
  const zip = await JSZip.loadAsync(readFileSync(base));
  zip.file('ppt/slides/slide1.xml', SLIDE);
  const input = join(dir, 'in.pptx');
  writeFileSync(input, await mixedCompression(await zip.generateAsync({ type: 'nodebuffer' })));
  return input;
}

const alts = async (file: string) => shapeAlts(await partText(file, 'ppt/slides/slide1.xml'));

test('ink and equations: ALT in the Choice branch PowerPoint 2010+ shows, a person’s fallback ALT copied there, an honest warning where the Choice cannot hold it', async (t) => {
  const dir = tempDir(t);
  const input = await deck(dir);
  const out1 = join(dir, 'out1.pptx');
  const r = await processDeck({ input, output: out1, durable: false });
  const byId = new Map(r.items.filter((i) => i.slide === 1).map((i) => [i.shapeId, i]));
  assert.deepEqual([...byId.keys()], ['10', '20', '30', '40'], 'each object once');

  const a = await alts(out1);
  // the equation's alt-text title was on the Choice only: it is the ALT, written into both branches
  const eq = byId.get('30')!;
  assert.equal(eq.status, 'written');
  assert.equal(eq.newAlt, 'Einstein’s mass–energy equation');
  assert.deepEqual(a.get('30')!.map((c) => c.descr), [eq.newAlt, eq.newAlt], 'the a14:m text box and its fallback picture');
  assert.equal(eq.warnings, undefined);
  // a person's ALT that only the fallback picture carried: kept, and now in the p14:contentPart too
  const described = byId.get('20')!;
  assert.equal(described.status, 'kept');
  assert.deepEqual(a.get('20')!.map((c) => c.descr), ['Arrow from the aorta to the left ventricle', 'Arrow from the aorta to the left ventricle']);
  // plain ink: no content, no text proposed, nothing written anywhere
  assert.equal(byId.get('10')!.status, 'decorative-candidate');
  assert.deepEqual(a.get('10')!.map((c) => c.descr), [null, null]);
  // a content part without a cNvPr: a person's ALT stays in the fallback, but the item says it reaches no current PowerPoint
  const bare = byId.get('40')!;
  assert.equal(bare.status, 'kept');
  assert.deepEqual(a.get('40')!.map((c) => c.descr), ['Signature of the dean'], 'only the fallback has a cNvPr');
  assert.ok(bare.warnings?.includes(UNSEEN_WARNING), JSON.stringify(bare.warnings));
  assert.equal(bare.needsReview, true);
  assert.ok(bare.reviewReasons.some((x) => x.startsWith('needs a person: ')), bare.reviewReasons.join('; '));
  for (const id of ['10', '20', '30']) assert.equal(byId.get(id)!.warnings?.includes(UNSEEN_WARNING) ?? false, false, id);

  // a second run writes the same bytes
  const out2 = join(dir, 'out2.pptx');
  await processDeck({ input: out1, output: out2, durable: false });
  assert.ok(readFileSync(out2).equals(readFileSync(out1)), 'idempotent');

  // marked decorative: the flag goes into the content part as well
  const deco = join(dir, 'deco.pptx');
  await processDeck({ input, output: deco, markDecorative: true, durable: false });
  assert.deepEqual((await alts(deco)).get('10')!.map((c) => c.decorative), [true, true]);
});

test('apply mode writes a reviewer’s ALT for ink into the p14:contentPart and its fallback', async (t) => {
  const dir = tempDir(t);
  const input = await deck(dir);
  const out = join(dir, 'applied.pptx');
  await applyDecisions({
    input,
    output: out,
    durable: false,
    apply: { schema: 'altdeck-apply/1', items: [{ part: 'ppt/slides/slide1.xml', shapeId: '10', action: 'set', text: 'Circled: the dicrotic notch' }] },
  });
  assert.deepEqual((await alts(out)).get('10')!.map((c) => c.descr), ['Circled: the dicrotic notch', 'Circled: the dicrotic notch']);
});

/** Every ink (p14:contentPart) and equation (a14:m) in mc:AlternateContent on a part: the ids in its Choice. */
function inkAndEquationIds(xml: string): string[] {
  const ids: string[] = [];
  for (const ac of findAll(parseXml(xml), 'AlternateContent')) {
    const choice = ac.children.find((c) => c.local === 'Choice');
    if (!choice || !(findAll(choice, 'contentPart').length || findAll(choice, 'm').some((m) => m.prefix === 'a14'))) continue;
    const id = attr(findAll(choice, 'cNvPr')[0] ?? choice, 'id');
    if (id) ids.push(id);
  }
  return ids;
}

for (const name of ['poi__stress013.pptx', 'tika__testPPT_various2.pptx']) {
  test(`corpus ${name}: a decision on each ink and equation lands in its Choice branch and its fallback`, { skip: corpusSkip }, async (t) => {
    const dir = tempDir(t);
    const input = corpusFile(name);
    const items: ApplyInstructions['items'] = [];
    for (let n = 1; n <= 40; n++) {
      const part = `ppt/slides/slide${n}.xml`;
      let xml: string;
      try {
        xml = await partText(input, part);
      } catch {
        continue;
      }
      for (const id of inkAndEquationIds(xml)) items.push({ part, shapeId: id, action: 'set', text: `Described ${part.slice(11, -4)} #${id}` });
    }
    assert.ok(items.length >= (name.startsWith('poi') ? 20 : 1), `found ${items.length}`);
    const out = join(dir, 'out.pptx');
    const r = await applyDecisions({ input, output: out, durable: false, apply: { schema: 'altdeck-apply/1', items } });
    // every decision was written (the result also lists the deck's other images, as the original holds them)
    assert.equal(r.written, items.length);
    for (const it of items) {
      const carriers = shapeAlts(await partText(out, it.part)).get(it.shapeId)!;
      assert.ok(carriers.length >= 2, `${it.part}#${it.shapeId}: the Choice and the fallback`);
      assert.ok(carriers.every((c) => c.descr === it.text), `${it.part}#${it.shapeId}: ${JSON.stringify(carriers)}`);
    }
    // processing the deck: no ink there lacks a place for ALT
    const r2 = await processDeck({ input, output: join(dir, 'p.pptx'), durable: false });
    assert.ok(r2.items.every((i) => !i.warnings?.includes(UNSEEN_WARNING)));
  });
}
