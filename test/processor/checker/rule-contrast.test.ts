/**
 * Hard-to-read text contrast: theme colour arithmetic checked against Office's own swatches,
 * generated slides (grey on white, white on a dark fill, dark text on a black background,
 * text on a picture background, large text at 3:1, theme colours), and the corpus.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PptxGenJS from 'pptxgenjs';
import { tempDir } from '../../helpers/tmp';
import { makePng } from '../../helpers/make-deck';
import { CORPUS_DIR, corpusAvailable, corpusSkip } from '../../helpers/corpus';
import { parseXml } from '../../../src/processor/xml/tree';
import { colorMap, contrastRatio, hexOf, resolveColor, themeScheme } from '../../../src/processor/checker/theme-colors';
import { checkContrast, type ContrastPart, type ContrastSlide } from '../../../src/processor/checker/rule-contrast';
import { REL } from '../../../src/processor/deck/opc';
import { loadDeck, type LoadedDeck } from './load-deck';

async function contrastSlides(deck: LoadedDeck): Promise<ContrastSlide[]> {
  const load = async (part: string | null | undefined): Promise<ContrastPart | null> => {
    const xml = part ? await deck.parts.xml(part).catch(() => null) : null;
    if (!xml) return null;
    try {
      return { xml, root: parseXml(xml) };
    } catch {
      return null;
    }
  };
  const related = async (part: string | null | undefined, type: RegExp) => (part ? [...(await deck.parts.relsOf(part)).values()].find((r) => type.test(r.type) && r.part)?.part : null);
  const out: ContrastSlide[] = [];
  const presentation = await load(deck.pkg.presentationPart);
  for (const s of deck.slides) {
    const layoutPart = await related(s.part, REL.slideLayout);
    const masterPart = await related(layoutPart, REL.slideMaster);
    const themePart = await related(masterPart, /\/theme$/);
    out.push({ ...s, layout: await load(layoutPart), master: await load(masterPart), theme: await load(themePart), presentation });
  }
  return out;
}

const THEME = parseXml(
  '<a:theme xmlns:a="x"><a:themeElements><a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2><a:accent1><a:srgbClr val="4472C4"/></a:accent1></a:clrScheme></a:themeElements></a:theme>',
);

test('theme colours resolve as Office draws its swatches', () => {
  const ctx = { scheme: themeScheme(THEME), clrMap: colorMap(parseXml('<p:sldMaster xmlns:p="y"><p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1"/></p:sldMaster>')) };
  const c = (xml: string) => hexOf(resolveColor(parseXml(xml), ctx)!);
  // "White, Background 1, Darker 50%" and "Black, Text 1, Lighter 50%"
  assert.equal(c('<a:schemeClr xmlns:a="x" val="bg1"><a:lumMod val="50000"/></a:schemeClr>'), '#808080');
  assert.equal(c('<a:schemeClr xmlns:a="x" val="tx1"><a:lumMod val="50000"/><a:lumOff val="50000"/></a:schemeClr>'), '#808080');
  // "Blue-Gray, Text 2, Lighter 80%" is D6DCE5 in Office's palette
  assert.equal(c('<a:schemeClr xmlns:a="x" val="tx2"><a:lumMod val="20000"/><a:lumOff val="80000"/></a:schemeClr>'), '#D6DCE5');
  assert.equal(c('<a:srgbClr xmlns:a="x" val="FFFFFF"><a:shade val="50000"/></a:srgbClr>'), '#BCBCBC');
  assert.equal(c('<a:srgbClr xmlns:a="x" val="000000"><a:tint val="50000"/></a:srgbClr>'), '#BCBCBC');
  // a slide that swaps the map (dark background): bg1 is dk1
  const dark = { scheme: ctx.scheme, clrMap: colorMap(parseXml('<m xmlns:p="y"><p:clrMap bg1="lt1" tx1="dk1"/></m>'), parseXml('<s xmlns:p="y" xmlns:a="x"><p:clrMapOvr><a:overrideClrMapping bg1="dk1" tx1="lt1"/></p:clrMapOvr></s>')) };
  assert.equal(hexOf(resolveColor(parseXml('<a:schemeClr xmlns:a="x" val="bg1"/>'), dark)!), '#000000');
  const white = { r: 1, g: 1, b: 1, alpha: 1 };
  assert.equal(Math.round(contrastRatio({ r: 0, g: 0, b: 0, alpha: 1 }, white) * 10) / 10, 21);
  assert.equal(Math.round(contrastRatio({ r: 0x76 / 255, g: 0x76 / 255, b: 0x76 / 255, alpha: 1 }, white) * 100) / 100, 4.54);
});

async function contrastDeck(path: string): Promise<string> {
  const pptx = new PptxGenJS();
  const s1 = pptx.addSlide();
  s1.addText('Grey footnote text', { x: 0.5, y: 1, w: 9, h: 1, fontSize: 12, color: '999999', objectName: 'Grey' });
  s1.addText('Readable text', { x: 0.5, y: 3, w: 9, h: 1, fontSize: 12, color: '333333' });
  const s2 = pptx.addSlide();
  s2.addText('White on navy', { x: 0.5, y: 1, w: 9, h: 1, fontSize: 12, color: 'FFFFFF', fill: { color: '1F3864' } });
  s2.addText('Light blue on navy', { x: 0.5, y: 3, w: 9, h: 1, fontSize: 12, color: '5B9BD5', fill: { color: '1F3864' } });
  const s3 = pptx.addSlide();
  s3.background = { color: '000000' };
  s3.addText('Dark grey on black', { x: 0.5, y: 1, w: 9, h: 1, fontSize: 20, color: '333333' });
  const s4 = pptx.addSlide();
  s4.background = { data: `image/png;base64,${makePng(160, 90).toString('base64')}` };
  s4.addText('Text on a photo', { x: 0.5, y: 1, w: 9, h: 1, color: 'FFFFFF' });
  const s5 = pptx.addSlide();
  s5.addText('Large grey heading', { x: 0.5, y: 1, w: 9, h: 1, fontSize: 24, color: '949494' });
  s5.addText('Small grey text', { x: 0.5, y: 3, w: 9, h: 1, fontSize: 12, color: '949494' });
  s5.addText('Bold 14 pt grey', { x: 0.5, y: 4.2, w: 9, h: 0.6, fontSize: 14, bold: true, color: '949494' });
  const s6 = pptx.addSlide();
  s6.addText('Background colour as text', { x: 0.5, y: 1, w: 9, h: 1, fontSize: 12, color: pptx.SchemeColor.background1 });
  s6.addText('Text colour', { x: 0.5, y: 3, w: 9, h: 1, fontSize: 12, color: pptx.SchemeColor.text1 });
  const s7 = pptx.addSlide();
  s7.background = { color: '000000' };
  s7.addText([{ text: 'Course site', options: { hyperlink: { url: 'https://med.example.edu' }, color: 'FFFFFF' } }], { x: 0.5, y: 1, w: 9, h: 1, fontSize: 12 });
  writeFileSync(path, (await pptx.write({ outputType: 'nodebuffer' })) as Buffer);
  return path;
}

test('generated slides: ratios against fills and backgrounds, large text at 3:1, pictures not checked', async (t) => {
  const dir = tempDir(t);
  const deck = await loadDeck(await contrastDeck(join(dir, 'contrast.pptx')));
  try {
    const r = (await contrastSlides(deck)).map((s) => checkContrast(s));
    const flagged = (i: number) => r[i].findings.filter((f) => f.outcome === 'flagged').map((f) => f.current);
    assert.deepEqual(flagged(0), ['2.8:1']);
    assert.match(r[0].findings[0].message, /“Grey footnote text” in “Grey” has a contrast of 2\.8:1 \(#999999 on #FFFFFF\); normal text \(12 pt\) needs 4\.5:1/);
    assert.equal(r[0].checked, 2);
    assert.deepEqual(flagged(1), ['3.9:1']);
    assert.deepEqual(flagged(2), ['1.6:1']);
    assert.deepEqual(flagged(3), []);
    assert.deepEqual(r[3].findings.map((f) => f.outcome), ['not-checked']);
    assert.match(r[3].findings[0].message, /a picture/);
    assert.equal(r[3].checked, 0);
    assert.deepEqual(flagged(4), ['3:1']);
    assert.match(r[4].findings[0].message, /Small grey text/);
    assert.equal(r[4].checked, 3);
    assert.deepEqual(flagged(5), ['1:1']);
    // pptxgenjs marks its links to keep the run's colour (ahyp:hlinkClr val="tx"): white on black
    assert.deepEqual(r[6].findings, []);
    assert.equal(r[6].checked, 1);
    assert.ok(r.every((x) => x.findings.every((f) => f.rule === 'low-contrast' && f.trust === 'none')));
  } finally {
    deck.close();
  }
});

test('corpus: contrast computed where colours are plain, not checked elsewhere, never thrown', { skip: corpusSkip }, async () => {
  if (!corpusAvailable) return;
  const totals = { checked: 0, flagged: 0, notChecked: 0, decks: 0 };
  const examples: string[] = [];
  for (const f of readdirSync(CORPUS_DIR).filter((n) => n.endsWith('.pptx'))) {
    let deck: LoadedDeck;
    try {
      deck = await loadDeck(join(CORPUS_DIR, f));
    } catch {
      continue;
    }
    try {
      totals.decks++;
      for (const s of await contrastSlides(deck)) {
        const r = checkContrast(s);
        totals.checked += r.checked;
        totals.notChecked += r.notChecked;
        for (const x of r.findings.filter((x) => x.outcome === 'flagged')) {
          totals.flagged++;
          if (Math.random() < 0.1 && examples.length < 40) examples.push(`${f}#${s.number}: ${x.message}`);
        }
      }
    } finally {
      deck.close();
    }
  }
  assert.ok(totals.checked > 500, JSON.stringify(totals));
  assert.ok(totals.flagged > 0 && totals.flagged < totals.checked / 3, JSON.stringify(totals));
  assert.ok(totals.notChecked > 0, JSON.stringify(totals));
  console.log(JSON.stringify(totals) + '\n' + examples.join('\n'));
});

test('link text without hlinkClr is drawn in the theme hyperlink colour', () => {
  const theme = '<a:theme xmlns:a="x"><a:themeElements><a:clrScheme name="t"><a:dk1><a:srgbClr val="000000"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1><a:hlink><a:srgbClr val="0563C1"/></a:hlink></a:clrScheme></a:themeElements></a:theme>';
  const slide = (ext: string) =>
    `<p:sld xmlns:p="p" xmlns:a="x" xmlns:r="r"><p:cSld><p:bg><p:bgPr><a:solidFill><a:srgbClr val="000000"/></a:solidFill></p:bgPr></p:bg><p:spTree><p:sp><p:nvSpPr><p:cNvPr id="2" name="Link"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="100" cy="100"/></a:xfrm></p:spPr><p:txBody><a:bodyPr/><a:p><a:r><a:rPr sz="1200"><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:hlinkClick r:id="rId1">${ext}</a:hlinkClick></a:rPr><a:t>Course site</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`;
  const run = (xml: string) => checkContrast({ number: 1, part: 'ppt/slides/slide1.xml', xml, root: parseXml(xml), layout: null, master: null, theme: { xml: theme, root: parseXml(theme) } });
  const plain = run(slide(''));
  assert.match(plain.findings[0]?.message ?? '', /“Course site” .* \(#0563C1 on #000000\)/);
  const kept = run(slide('<a:extLst><a:ext uri="{A12FA001-AC4F-418D-AE19-62706E023703}"><ahyp:hlinkClr xmlns:ahyp="h" val="tx"/></a:ext></a:extLst>'));
  assert.deepEqual(kept.findings, []);
  assert.equal(kept.checked, 1);
});

test('a placeholder placed by its layout over a picture is not checked; one placed in the clear is', () => {
  const theme = '<a:theme xmlns:a="x"><a:themeElements><a:clrScheme name="t"><a:dk1><a:srgbClr val="000000"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1></a:clrScheme></a:themeElements></a:theme>';
  const xml =
    '<p:sld xmlns:p="p" xmlns:a="x" xmlns:r="r"><p:cSld><p:spTree>' +
    '<p:pic><p:nvPicPr><p:cNvPr id="2" name="Photo"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="rId2"/></p:blipFill><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="100" cy="100"/></a:xfrm></p:spPr></p:pic>' +
    '<p:sp><p:nvSpPr><p:cNvPr id="3" name="Title 1"/><p:cNvSpPr/><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:rPr sz="4400"/><a:t>Kidney</a:t></a:r></a:p></p:txBody></p:sp>' +
    '</p:spTree></p:cSld></p:sld>';
  const slide = { number: 1, part: 'ppt/slides/slide1.xml', xml, root: parseXml(xml), layout: null, master: null, theme: { xml: theme, root: parseXml(theme) } };
  const over = checkContrast(slide, () => ({ x: 10, y: 10, cx: 50, cy: 20 }));
  assert.deepEqual([over.checked, over.findings.map((f) => f.outcome)], [0, ['not-checked']]);
  assert.match(over.findings[0].message, /a picture/);
  const unknown = checkContrast(slide);
  assert.match(unknown.findings[0].message, /position is not known/);
  const clear = checkContrast(slide, () => ({ x: 200, y: 200, cx: 50, cy: 20 }));
  assert.deepEqual([clear.checked, clear.findings], [1, []]);
});
