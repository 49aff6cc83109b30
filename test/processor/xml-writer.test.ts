/**
 * The XML writer: position-based edits of real cNvPr start tags from the
 * corpus. Everything outside the edit stays byte for byte; the result is
 * well-formed and reads back as the exact text written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXml, find, attr, findAll, textOf } from '../../src/processor/xml/tree';
import { applySplices } from '../../src/processor/xml/splice';
import { escapeAttr, decodeEntities, stripXmlForbidden } from '../../src/processor/xml/escape';
import { setDescr, setDecorative } from '../../src/processor/deck/edit-alt';
import { isDecorativeFlag } from '../../src/processor/deck/slide-objects';
import { xmlError } from './zip-inspect';

const NS =
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';
const wrap = (tag: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:sld ${NS}><p:nvPicPr>${tag}<p:cNvPicPr/><p:nvPr/></p:nvPicPr></p:sld>`;

// Verbatim from corpus decks (shapecrawler__022, poi__tika-2605, poi__stress022, LibreOffice's poi__ececapstonespring2012, poi__at.ecodesign…).
const REAL_TAGS = [
  '<p:cNvPr id="3" name="Рисунок 2" descr="Изображение выглядит как рисунок, знак&#xA;&#xA;Автоматически созданное описание"><a:extLst><a:ext uri="{FF2B5EF4-FFF2-40B4-BE49-F238E27FC236}"><a16:creationId xmlns:a16="http://schemas.microsoft.com/office/drawing/2014/main" id="{00B80887-64A4-4CA1-B41D-63C47BC7DB0C}"/></a:ext></a:extLst></p:cNvPr>',
  '<p:cNvPr id="4" name="Picture 3" descr="A close up of a logo&#xA;&#xA;Description generated with very high confidence"><a:extLst><a:ext uri="{FF2B5EF4-FFF2-40B4-BE49-F238E27FC236}"><a16:creationId xmlns:a16="http://schemas.microsoft.com/office/drawing/2014/main" id="{0AC72B2B-3FA9-4F27-9F05-E9B98F608FFD}"/></a:ext></a:extLst></p:cNvPr>',
  '<p:cNvPr id="16386" name="AutoShape 2" descr="Résultat de recherche d\'images pour &quot;clipart personnage derrière une porte&quot;"/>',
  '<p:cNvPr descr="" id="95" name="Picture 2"/>',
  '<p:cNvPr id="59395" name="Picture 3"/>',
  "<p:cNvPr id='7' name='Grafik 6' descr='grid.png' />",
];

const NASTY = 'Heart & lungs <fig. 2> "left" \'right\'\nline two\ttab\u0001bell ✓ 𝛼 Ärzte';

test('descr is written into real cNvPr tags, escaped, and reads back exactly', () => {
  for (const tag of REAL_TAGS) {
    const xml = wrap(tag);
    const root = parseXml(xml);
    const cNvPr = find(root, 'cNvPr')!;
    const out = applySplices(xml, [setDescr(cNvPr, NASTY)]);
    assert.equal(xmlError(out), null, out);
    const back = find(parseXml(out), 'cNvPr')!;
    assert.equal(attr(back, 'descr'), stripXmlForbidden(NASTY), tag);
    assert.equal(attr(back, 'id'), attr(cNvPr, 'id'));
    assert.equal(attr(back, 'name'), attr(cNvPr, 'name'));
    // nothing before the tag moved, and everything after the start tag is unchanged
    assert.equal(out.slice(0, cNvPr.start), xml.slice(0, cNvPr.start));
    assert.equal(out.slice(out.length - (xml.length - cNvPr.tagEnd)), xml.slice(cNvPr.tagEnd));
    assert.ok(out.includes('&#xA;line two&#x9;tab'), 'newline and tab are character references');
    assert.ok(!out.includes('\u0001'), 'characters XML forbids are removed');
  }
});

test('escapeAttr covers &, <, >, quotes, newlines and lone surrogates', () => {
  assert.equal(escapeAttr('a&b<c>"d"'), 'a&amp;b&lt;c&gt;&quot;d&quot;');
  assert.equal(escapeAttr("it's", "'"), 'it&apos;s');
  assert.equal(escapeAttr('x\r\ny'), 'x&#xD;&#xA;y');
  assert.equal(escapeAttr('a\ud800b'), 'ab');
  assert.equal(decodeEntities('A&#xA;B&#10;C&amp;&quot;&unknown;'), 'A\nB\nC&"&unknown;');
});

test('the decorative flag goes into the cNvPr, with or without an existing extLst', () => {
  for (const tag of REAL_TAGS) {
    const xml = wrap(tag);
    const root = parseXml(xml);
    const cNvPr = find(root, 'cNvPr')!;
    const out = applySplices(xml, [setDescr(cNvPr, 'x'), setDecorative(root, cNvPr)]);
    assert.equal(xmlError(out), null, out);
    const back = find(parseXml(out), 'cNvPr')!;
    assert.ok(isDecorativeFlag(back), out);
    // an existing creationId extension is kept
    if (tag.includes('creationId')) assert.equal(findAll(back, 'ext').length, 2);
  }
});

test('the position-keeping parser reads text, CDATA, comments and odd quoting', () => {
  const xml = `<?xml version="1.0"?><!-- c --><r a='1' b = "x&gt;y"><t>a &amp; b</t><![CDATA[<not a tag>]]><e/></r>`;
  const root = parseXml(xml);
  assert.equal(attr(root, 'b'), 'x>y');
  assert.equal(textOf(xml, find(root, 't')!), 'a & b');
  assert.equal(textOf(xml, root), 'a & b<not a tag>');
  assert.throws(() => parseXml('<a><b></a>'));
  assert.throws(() => parseXml('<a'));
});
