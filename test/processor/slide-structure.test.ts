/**
 * Shapes PowerPoint nests: pictures in groups, in both branches of
 * mc:AlternateContent, OLE objects whose fallback picture must not count,
 * video, and an already-decorative picture. A hand-written slide (the XML
 * PowerPoint 2016 writes for these) replaces slide 1 of a generated deck.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { tempDir } from '../helpers/tmp';
import { lectureDeck, mixedCompression } from './fixtures';
import { readEntry, xmlError } from './zip-inspect';
import { processDeck } from '../../src/processor/process-deck';
import { attr, findAll, parseXml } from '../../src/processor/xml/tree';

const pic = (id: number, name: string, extra = '', nvPr = '<p:nvPr/>', x = 914400, cx = 2743200, inner = '') =>
  `<p:pic><p:nvPicPr><p:cNvPr id="${id}" name="${name}"${extra}${inner ? `>${inner}</p:cNvPr>` : '/>'}<p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr>${nvPr}</p:nvPicPr>` +
  `<p:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>` +
  `<p:spPr><a:xfrm><a:off x="${x}" y="1828800"/><a:ext cx="${cx}" cy="1828800"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>`;

const SLIDE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:a14="http://schemas.microsoft.com/office/drawing/2010/main"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>
<p:sp><p:nvSpPr><p:cNvPr id="2" name="Title 1"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-GB"/><a:t>Gas exchange &amp; the alveolus</a:t></a:r></a:p></p:txBody></p:sp>
<p:grpSp><p:nvGrpSpPr><p:cNvPr id="9" name="Group 8"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="4572000" cy="3429000"/><a:chOff x="0" y="0"/><a:chExt cx="9144000" cy="6858000"/></a:xfrm></p:grpSpPr>${pic(10, 'Picture 9', ' descr="Picture 9"')}</p:grpSp>
<mc:AlternateContent><mc:Choice Requires="a14">${pic(20, 'Picture 19', ' title="Alveolar capillary membrane, 0.5 µm thick"', '<p:nvPr/>', 5029200)}</mc:Choice><mc:Fallback>${pic(20, 'Picture 19', ' title="Alveolar capillary membrane, 0.5 µm thick"', '<p:nvPr/>', 5029200)}</mc:Fallback></mc:AlternateContent>
<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="30" name="Object 29"/><p:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="457200" y="4572000"/><a:ext cx="2286000" cy="1371600"/></p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/presentationml/2006/ole"><mc:AlternateContent><mc:Choice Requires="v"><p:oleObj name="Worksheet" r:id="rId9" imgW="1" imgH="1" progId="Excel.Sheet.12"><p:embed/></p:oleObj></mc:Choice><mc:Fallback><p:oleObj name="Worksheet" r:id="rId9" imgW="1" imgH="1" progId="Excel.Sheet.12"><p:embed/>${pic(31, 'Object 29 fallback')}</p:oleObj></mc:Fallback></mc:AlternateContent></a:graphicData></a:graphic></p:graphicFrame>
${pic(40, 'Lung sounds', '', '<p:nvPr><a:videoFile r:link="rId1"/></p:nvPr>', 6858000, 914400)}
${pic(50, 'Rule', '', '<p:nvPr/>', 457200, 8229600, '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}"><adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/></a:ext></a:extLst>')}
<mc:AlternateContent><mc:Choice xmlns:am3d="http://schemas.microsoft.com/office/drawing/2017/model3d" Requires="am3d"><p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="60" name="3D Model 59"/><p:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="4606986" y="1920956"/><a:ext cx="2978028" cy="3016087"/></p:xfrm><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/drawing/2017/model3d"><am3d:model3d r:embed="rId1"><am3d:raster rName="Office3DRenderer" rVer="16.0.8326"><am3d:blip r:embed="rId1"/></am3d:raster></am3d:model3d></a:graphicData></a:graphic></p:graphicFrame></mc:Choice><mc:Fallback>${pic(60, '3D Model 59', '', '<p:nvPr/>', 4606986)}</mc:Fallback></mc:AlternateContent>
</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>`;

test('groups, both AlternateContent branches, OLE without its fallback picture, video, decorative', async (t) => {
  const dir = tempDir(t);
  const base = await lectureDeck(join(dir, 'base.pptx'));
  const zip = await JSZip.loadAsync(readFileSync(base));
  zip.file('ppt/slides/slide1.xml', SLIDE);
  const input = join(dir, 'in.pptx');
  writeFileSync(input, await mixedCompression(await zip.generateAsync({ type: 'nodebuffer' })));
  assert.equal(xmlError((await readEntry(input, 'ppt/slides/slide1.xml')).toString('utf8')), null, 'fixture is well-formed');

  const output = join(dir, 'out.pptx');
  const r = await processDeck({ input, output });
  const s1 = r.items.filter((i) => i.slide === 1);
  assert.deepEqual(
    s1.map((i) => [i.shapeId, i.kind]),
    [
      ['10', 'picture'],
      ['20', 'picture'],
      ['30', 'ole'],
      ['40', 'video'],
      ['50', 'picture'],
      ['60', 'picture'],
    ],
  );
  const [grouped, alt, ole, video, deco, model3d] = s1;
  assert.equal(grouped.oldAltVerdict, 'junk');
  // only the slide title is known: no filler ("Picture illustrating …"); the junk "Picture 9" is taken out
  assert.equal(grouped.status, 'unresolved');
  assert.equal(grouped.newAlt, null);
  assert.ok(grouped.reviewReasons.some((r) => r.startsWith('removed the old ALT “Picture 9”')), grouped.reviewReasons.join('; '));
  assert.equal(alt.status, 'written');
  assert.equal(alt.newAlt, 'Alveolar capillary membrane, 0.5 µm thick', 'an author’s title where the description is empty');
  assert.equal(alt.source, 'person');
  assert.equal(ole.newAlt, null);
  assert.equal(ole.status, 'unresolved');
  assert.ok(ole.reviewReasons.includes('an embedded Excel worksheet: say what it shows'), ole.reviewReasons.join('; '));
  assert.equal(video.newAlt, null);
  assert.equal(video.status, 'unresolved');
  assert.equal(deco.status, 'decorative');
  assert.equal(deco.newAlt, null);

  const out = (await readEntry(output, 'ppt/slides/slide1.xml')).toString('utf8');
  assert.equal(xmlError(out), null);
  const byId = (id: string) => findAll(parseXml(out), 'cNvPr').filter((c) => attr(c, 'id') === id);
  assert.deepEqual(byId('20').map((c) => attr(c, 'descr')), [alt.newAlt, alt.newAlt], 'both branches carry the ALT');
  assert.equal(attr(byId('31')[0], 'descr'), undefined, 'the OLE fallback picture is left alone');
  assert.equal(attr(byId('50')[0], 'descr'), undefined, 'a decorative picture gets no ALT');
  assert.equal(model3d.status, 'unresolved');
  assert.deepEqual(byId('60').map((c) => attr(c, 'descr')), [undefined, undefined], 'no filler on the 3D model or its fallback picture');
  assert.deepEqual(byId('10').map((c) => attr(c, 'descr')), [''], 'the junk ALT of the grouped picture is removed');
  assert.ok(!out.includes('&amp;amp;'), 'nothing escaped twice');
});

test('a described video poster says it is a video; hidden slides are flagged', async (t) => {
  const dir = tempDir(t);
  const base = await lectureDeck(join(dir, 'base.pptx'));
  const zip = await JSZip.loadAsync(readFileSync(base));
  zip.file('ppt/slides/slide1.xml', SLIDE.replace('<p:sld ', '<p:sld show="0" '));
  const input = join(dir, 'in.pptx');
  writeFileSync(input, await mixedCompression(await zip.generateAsync({ type: 'nodebuffer' })));
  const model = {
    name: 'model' as const,
    available: async () => ({ ok: true as const }),
    describe: async () => ({ text: 'Stethoscope on the chest of a patient', source: 'model' as const, confidence: 0.7, needsReview: true, reasons: [] }),
    close: async () => {},
  };
  const r = await processDeck({ input, output: join(dir, 'out.pptx'), describers: [model] });
  const video = r.items.find((i) => i.kind === 'video')!;
  // the description is kept as written (a lower-cased first letter would break German nouns and names)
  assert.equal(video.newAlt, 'Video: Stethoscope on the chest of a patient');
  assert.equal(r.hiddenSlides, 1);
  assert.ok(r.items.filter((i) => i.slide === 1).every((i) => i.warnings?.includes('on a hidden slide')));
});

test('hostile nesting (20,000 groups deep) is survived, not a stack overflow', async (t) => {
  const dir = tempDir(t);
  const base = await lectureDeck(join(dir, 'base.pptx'));
  const zip = await JSZip.loadAsync(readFileSync(base));
  const depth = 20_000;
  const open = '<p:grpSp><p:nvGrpSpPr><p:cNvPr id="9" name="G"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'.repeat(depth);
  const close = '</p:grpSp>'.repeat(depth);
  zip.file('ppt/slides/slide1.xml', SLIDE.replace('<p:sp><p:nvSpPr><p:cNvPr id="2"', `${open}${pic(99, 'Deep')}${close}<p:sp><p:nvSpPr><p:cNvPr id="2"`));
  const input = join(dir, 'in.pptx');
  writeFileSync(input, await mixedCompression(await zip.generateAsync({ type: 'nodebuffer' })));
  const r = await processDeck({ input, output: join(dir, 'out.pptx') });
  assert.ok(r.wroteOutput);
  assert.ok(!r.items.some((i) => i.shapeId === '99'), 'the object below the depth limit is not reached');
  assert.ok(r.items.some((i) => i.shapeId === '20'), 'the rest of the slide still is');
});
