/** The audit's pure parts: slide counting, junk ALT, OPC helpers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditSlideXml, isJunkAlt, preflightFile } from '../../src/core/preflight';
import { mainTypeOf, parsePresentation, parseRels, resolvePart } from '../../src/core/preflight/ooxml';
import { scanTags } from '../../src/core/preflight/xml-scan';
import { tempDir } from '../helpers/tmp';
import { buildZip, CONTENT_TYPES, minimalDeckEntries, picXml, slideXml } from './zip-builder';

test('isJunkAlt: file names, paths, default names, auto-captions are junk', () => {
  for (const junk of [
    undefined,
    null,
    '',
    '   ',
    'image1.png',
    'preencoded.png',
    'Picture 3',
    'picture',
    'Grafik 12',
    'Рисунок 5',
    'télécharger (6).jpg',
    'WD Diageo Talent Card.JPG',
    'fig:\n\nlalune.jpg',
    'C:\\Users\\nafaachbili\\Desktop\\euclidpic.jpg',
    "G:\\SALON DE L'EMPLOI 2015\\Clipart\\th (5).jpg",
    '\\\\powerpoint1\\projects\\rainbow.gif',
    '/Users/writ/Documents/project-logo.jpg',
    'http://www.ode.state.oh.us/gd/templates/images/ODE/ohio_logo.gif',
    'A close up of a logo\n\nDescription generated with very high confidence',
    'A cat with its paws on a couch\n\nDescription automatically generated',
    'A cartoon duck holding a paper\n\nAI-generated content may be incorrect.',
    'Изображение выглядит как рисунок, знак\n\nАвтоматически созданное описание',
    '2',
    'image001',
    'MPj03090780000[1]',
  ]) {
    assert.equal(isJunkAlt(junk as string), true, JSON.stringify(junk));
  }
});

test('isJunkAlt: what a person wrote passes, even when short', () => {
  for (const good of [
    'Robot',
    'Chest X-ray showing a pneumothorax in the left lung',
    'Tell Me box',
    'Arrow pointing right with a hyperlink to free PowerPoint training.',
    'Picture of the week: a heart in cross-section',
    'Kühlschrank',
    'Figure 3: survival curves of both arms',
  ]) {
    assert.equal(isJunkAlt(good), false, good);
  }
});

test('auditSlideXml counts pictures, missing ALT and frames, inside groups too', () => {
  const grp = `<p:grpSp><p:nvGrpSpPr><p:cNvPr id="10" name="Group" descr="ignored: a group's own descr"/></p:nvGrpSpPr>${picXml(11)}${picXml(12, 'Aorta, labelled')}</p:grpSp>`;
  const frame = '<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="20" name="Chart 1"/></p:nvGraphicFramePr><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"/></a:graphic></p:graphicFrame>';
  const body = picXml(2, 'image1.png') + picXml(3, '') + picXml(4, 'Kidney cross-section') + picXml(5, undefined, true) + grp + frame;
  const r = auditSlideXml(slideXml(body));
  assert.deepEqual(r, { pictures: 6, picturesMissingAlt: 3, graphicFrames: 1, hidden: false, problem: null, missingIds: ['2', '3', '11'], decorative: 1 });
});

test('auditSlideXml counts a shape in both Choice and Fallback once, and the richest branch', () => {
  const same = `<mc:AlternateContent><mc:Choice Requires="p14">${picXml(2)}</mc:Choice><mc:Fallback>${picXml(2)}</mc:Fallback></mc:AlternateContent>`;
  assert.equal(auditSlideXml(slideXml(same)).pictures, 1);
  assert.deepEqual(auditSlideXml(slideXml(same)).missingIds, ['2'], 'read-back names the shape once');
  const fallbackOnly = `<mc:AlternateContent><mc:Choice Requires="p14"><p:sp/></mc:Choice><mc:Fallback>${picXml(2, 'Liver')}${picXml(3)}</mc:Fallback></mc:AlternateContent>`;
  const r = auditSlideXml(slideXml(fallbackOnly));
  assert.deepEqual([r.pictures, r.picturesMissingAlt], [2, 1]);
  const nested = `<mc:AlternateContent><mc:Choice Requires="a"><mc:AlternateContent><mc:Choice Requires="b">${picXml(1)}</mc:Choice><mc:Fallback>${picXml(1)}</mc:Fallback></mc:AlternateContent></mc:Choice><mc:Fallback>${picXml(1)}</mc:Fallback></mc:AlternateContent>${picXml(9, 'Brain MRI')}`;
  assert.deepEqual(auditSlideXml(slideXml(nested)).pictures, 2);
});

test('auditSlideXml: hidden slides, strict prefixes, malformed XML', () => {
  assert.equal(auditSlideXml(slideXml('', ' show="0"')).hidden, true);
  assert.equal(auditSlideXml(slideXml('', ' show="1"')).hidden, false);
  // Strict OOXML writers may use other prefixes; local names are what count.
  const strict = '<x:sld xmlns:x="http://purl.oclc.org/ooxml/presentationml/main"><x:cSld><x:spTree><x:pic><x:nvPicPr><x:cNvPr id="1" name="P" descr="Femur"/></x:nvPicPr></x:pic></x:spTree></x:cSld></x:sld>';
  assert.deepEqual([auditSlideXml(strict).pictures, auditSlideXml(strict).picturesMissingAlt], [1, 0]);
  // The check is limited to the elements counted, plus the root being closed (a part cut short).
  assert.match(auditSlideXml('<p:sld><p:pic></p:graphicFrame></p:sld>').problem ?? '', /closes/);
  assert.match(auditSlideXml('<p:sld><p:pic>').problem ?? '', /never closed/);
  assert.match(auditSlideXml('<?xml version="1.0"?><p:sld><p:cSld><p:spTree>').problem ?? '', /<p:sld> is never closed/);
  assert.equal(auditSlideXml('<?xml version="1.0"?>\n<!-- c --><p:sld show="0"><p:cSld/></p:sld>\n').problem, null);
});

test('scanTags skips comments, CDATA and processing instructions; reads > inside attributes', () => {
  const seen: string[] = [];
  const problem = scanTags('<?xml version="1.0"?><!-- <p:pic> --><a x="1 > 0"><![CDATA[<p:pic>]]><b/></a>', (t) => seen.push(`${t.kind}:${t.name}`));
  assert.equal(problem, null);
  assert.deepEqual(seen, ['open:a', 'empty:b', 'close:a']);
});

test('OPC helpers: targets, relationships, main content types', () => {
  assert.equal(resolvePart('ppt/', 'slides/slide1.xml'), 'ppt/slides/slide1.xml');
  assert.equal(resolvePart('ppt/slides/', '../media/image%201.png'), 'ppt/media/image 1.png');
  assert.equal(resolvePart('ppt/', '/ppt/slides/slide2.xml'), 'ppt/slides/slide2.xml');
  const rels = parseRels('<Relationships><Relationship Id="rId1" Type="x/slide" Target="slides/slide1.xml"/><Relationship Id="rId2" Type="x/hyperlink" Target="http://a.b/" TargetMode="External"/></Relationships>', 'ppt/presentation.xml');
  assert.deepEqual(rels.map((r) => [r.id, r.target, r.external]), [['rId1', 'ppt/slides/slide1.xml', false], ['rId2', 'http://a.b/', true]]);
  assert.deepEqual(mainTypeOf('application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml'), { kind: 'slideshow', macro: true, ext: '.ppsm' });
  assert.deepEqual(mainTypeOf('application/vnd.openxmlformats-officedocument.presentationml.template.main+xml'), { kind: 'template', macro: false, ext: '.potx' });
  assert.equal(mainTypeOf('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'), null);
  assert.deepEqual(parsePresentation('<p:presentation><p:sldIdLst><p:sldId id="256" r:id="rId7"/><p:sldId id="257" r:id="rId8"/></p:sldIdLst></p:presentation>').slideRelIds, ['rId7', 'rId8']);
});

test('deck-level audit: hidden slides, signatures, macros, extension mismatch', async (t) => {
  const dir = tempDir(t);
  const entries = minimalDeckEntries(picXml(2) + picXml(3, 'Pancreas'));
  entries[3].data = slideXml(picXml(2) + picXml(3, 'Pancreas'), ' show="0"');
  entries[0].data = CONTENT_TYPES.replace('presentationml.presentation.main+xml', 'presentationml.slideshow.main+xml');
  entries.push({ name: '_xmlsignatures/sig1.xml', data: '<Signature/>' }, { name: 'ppt/vbaProject.bin', data: Buffer.alloc(64) });
  const p = join(dir, 'show.pptx');
  writeFileSync(p, buildZip(entries));
  const r = await preflightFile(p);
  assert.equal(r.ok, true, JSON.stringify(r));
  if (!r.ok) return;
  assert.deepEqual([r.audit.pictures, r.audit.picturesMissingAlt, r.audit.hiddenSlides], [2, 1, 1]);
  assert.equal(r.audit.signed, true);
  assert.equal(r.audit.macroEnabled, true);
  assert.ok(r.warnings.includes('digitally signed: AltDeck will leave it unchanged'));
  assert.ok(r.warnings.includes('content is a slideshow (.ppsx) but the name says .pptx'), r.warnings.join('\n'));
});
