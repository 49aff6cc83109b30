/**
 * Issue 9 §1–2 on generated decks (pptxgenjs): every rule about what AltDeck writes,
 * where its words come from, and what it claims. Each deck is processed for real;
 * outputs are read back, and where it matters processed a second time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import JSZip from 'jszip';
import { join } from 'node:path';
import PptxGenJS from 'pptxgenjs';
import { tempDir } from '../helpers/tmp';
import { makePng } from '../helpers/make-deck';
import { mixedCompression } from './fixtures';
import { readEntry } from './zip-inspect';
import { processDeck } from '../../src/processor/process-deck';
import { attr, findAll, parseXml } from '../../src/processor/xml/tree';
import { scanSlide } from '../../src/processor/deck/slide-objects';
import { scoreOf, standingAfter } from '../../src/shared/score';
import type { AltItem } from '../../src/shared/types';

const png = (seed: number, w = 200, h = 150) => `image/png;base64,${makePng(w, h, seed).toString('base64')}`;
const title = (s: PptxGenJS.Slide, text: string) => s.addText(text, { x: 0.5, y: 0.2, w: 9, h: 0.8, fontSize: 28, placeholder: 'title' } as PptxGenJS.TextPropsOptions);

async function deck(dir: string, build: (p: PptxGenJS) => void, name = 'in.pptx'): Promise<string> {
  const pptx = new PptxGenJS();
  build(pptx);
  const path = join(dir, name);
  writeFileSync(path, await mixedCompression((await pptx.write({ outputType: 'nodebuffer' })) as Buffer));
  return path;
}

async function descrs(path: string, slide = 1): Promise<Map<string, string | undefined>> {
  const xml = (await readEntry(path, `ppt/slides/slide${slide}.xml`)).toString('utf8');
  return new Map(findAll(parseXml(xml), 'cNvPr').map((c) => [attr(c, 'id')!, attr(c, 'descr')]));
}

const pics = (items: AltItem[], slide = 1) => items.filter((i) => i.slide === slide && i.kind === 'picture');

test('a picture with a link says where it goes (slide title, site), is never decorative, and ALT is evidence', async (t) => {
  const dir = tempDir(t);
  const input = await deck(dir, (p) => {
    const s1 = p.addSlide();
    title(s1, 'Contents');
    // tiny navigation icons: without the link they would be decorative candidates
    s1.addImage({ data: png(1, 16, 16), x: 1, y: 2, w: 0.15, h: 0.15, hyperlink: { slide: 2 } });
    s1.addImage({ data: png(2), x: 4, y: 2, w: 2, h: 1.5, hyperlink: { url: 'https://www.library.example.edu/cardiology?x=1' } });
    title(p.addSlide(), 'Cardiac anatomy');
  });
  const output = join(dir, 'out.pptx');
  const r = await processDeck({ input, output, markDecorative: true });
  const [nav, web] = pics(r.items);
  assert.equal(nav.newAlt, 'Link to the slide “Cardiac anatomy”');
  assert.equal(nav.source, 'link');
  assert.equal(nav.trust, 'evidence');
  assert.equal(nav.decorative, false, 'a link is functional, never decorative, even with --mark-decorative');
  assert.equal(web.newAlt, 'Link to library.example.edu');
  assert.equal(standingAfter(nav), 'draft');
  const d = await descrs(output);
  assert.equal(d.get(nav.shapeId), nav.newAlt);
  // a second run recognises AltDeck's own link frame: still a draft, nothing rewritten
  const r2 = await processDeck({ input: output, output: join(dir, 'out2.pptx') });
  const again = pics(r2.items)[0];
  assert.equal(again.oldAltVerdict, 'altdeck');
  assert.equal(again.status, 'kept');
  assert.equal(standingAfter(again), 'draft', 'our own earlier draft is never counted as a person’s');
  assert.equal(r2.written, 0);
});

test('Office auto-captions: the description is kept, the markers dropped, in several languages', async (t) => {
  const dir = tempDir(t);
  const captions = [
    ['A cat with its paws on a couch\n\nDescription automatically generated', 'A cat with its paws on a couch'],
    ['A cartoon duck holding a paper\n\nAI-generated content may be incorrect.', 'A cartoon duck holding a paper'],
    ['Une image contenant chat, intérieur\n\nDescription générée automatiquement', 'Chat, intérieur'],
    ['Изображение выглядит как рисунок, знак\n\nАвтоматически созданное описание', 'Рисунок, знак'],
  ];
  const input = await deck(dir, (p) => {
    captions.forEach(([alt], k) => {
      const s = p.addSlide();
      title(s, `Slide ${k + 1}`);
      s.addImage({ data: png(k + 1), x: 1, y: 1.5, w: 3, h: 2, altText: alt });
    });
  });
  const r = await processDeck({ input, output: join(dir, 'out.pptx') });
  captions.forEach(([, want], k) => {
    const [it] = pics(r.items, k + 1);
    assert.equal(it.newAlt, want);
    assert.equal(it.source, 'auto-caption');
    assert.equal(it.trust, 'evidence');
    assert.equal(it.needsReview, true);
  });
});

test('file names: words are evidence, machine names are junk and are taken out', async (t) => {
  const dir = tempDir(t);
  const input = await deck(dir, (p) => {
    const s = p.addSlide();
    title(s, 'Laboratories');
    s.addImage({ data: png(1), x: 0.5, y: 1.5, w: 2, h: 1.5, altText: 'File:Hua Yi Secondary School Chemistry Laboratory.JPG' });
    s.addImage({ data: png(2), x: 3, y: 1.5, w: 2, h: 1.5, altText: 'alfresco-logo.png' });
    s.addImage({ data: png(3), x: 5.5, y: 1.5, w: 2, h: 1.5, altText: 'image1.png' });
    s.addImage({ data: png(4), x: 0.5, y: 4, w: 2, h: 1.5, altText: 'temp_pptx3_1.png' });
    s.addImage({ data: png(5), x: 3, y: 4, w: 2, h: 1.5, altText: 'IMG_1234.JPG' });
  });
  const output = join(dir, 'out.pptx');
  const r = await processDeck({ input, output });
  const [hua, alfresco, image1, temp, camera] = pics(r.items);
  assert.equal(hua.newAlt, 'Hua Yi Secondary School Chemistry Laboratory');
  assert.equal(alfresco.newAlt, 'Alfresco logo');
  assert.equal(alfresco.source, 'file-name');
  const d = await descrs(output);
  for (const junk of [image1, temp, camera]) {
    assert.equal(junk.status, 'unresolved', junk.oldAlt!);
    assert.equal(junk.newAlt, null);
    assert.ok(junk.reviewReasons.includes('needs a person: nothing in the deck says what it shows'));
    assert.equal(d.get(junk.shapeId), '', `${junk.oldAlt} is taken out of the deck`);
  }
  // nothing written from the slide title: "Picture illustrating “Laboratories”" is gone for good
  assert.ok(!r.items.some((i) => /illustrating/.test(i.newAlt ?? '')));
  // the output records its drafts, so a re-run knows "Alfresco logo" is AltDeck's, not a person's
  assert.match((await readEntry(output, 'docProps/custom.xml')).toString('utf8'), /name="AltDeck drafts 1"/);
  const again = join(dir, 'again.pptx');
  const r2 = await processDeck({ input: output, output: again });
  const [hua2, alfresco2] = pics(r2.items);
  for (const it of [hua2, alfresco2]) {
    assert.equal(it.oldAltVerdict, 'altdeck', it.oldAlt!);
    assert.equal(it.status, 'kept');
    assert.equal(standingAfter(it), 'draft', 'never counted as done on a re-run');
  }
  assert.equal(r2.written, 0);
  assert.ok(readFileSync(output).equals(readFileSync(again)), 'a re-run changes nothing');
  // a person who edits the text makes it theirs: the record no longer matches
  const edited = join(dir, 'edited.pptx');
  const zip = await JSZip.loadAsync(readFileSync(output));
  const slide = (await zip.file('ppt/slides/slide1.xml')!.async('string')).replace('descr="Alfresco logo"', 'descr="Alfresco company logo"');
  zip.file('ppt/slides/slide1.xml', slide);
  writeFileSync(edited, await zip.generateAsync({ type: 'nodebuffer' }));
  const r3 = await processDeck({ input: edited, policy: 'audit' });
  assert.equal(pics(r3.items)[1].oldAltVerdict, 'person');
  assert.equal(pics(r3.items)[0].oldAltVerdict, 'altdeck');
});

test('a caption is a caption only when it is one: close, short, not units, credits or navigation', async (t) => {
  const dir = tempDir(t);
  const below = (s: PptxGenJS.Slide, text: string, x = 1) => s.addText(text, { x, y: 3.6, w: 3, h: 0.4, fontSize: 12 });
  const input = await deck(dir, (p) => {
    const texts = ['Figure 2: Mitral valve in systole', 'Time (s)', 'Photo: J. Smith, CC BY-SA 4.0', 'Next', 'R', 'mmHg'];
    texts.forEach((text, k) => {
      const s = p.addSlide();
      title(s, `Valves ${k + 1}`);
      s.addImage({ data: png(k + 1), x: 1, y: 1.5, w: 3, h: 2 });
      below(s, text);
    });
    // body text spanning the slide under a picture is not its caption
    const s = p.addSlide();
    title(s, 'Valves 7');
    s.addImage({ data: png(9), x: 1, y: 1.5, w: 3, h: 2 });
    s.addText('All health care providers must keep patient records', { x: 0.5, y: 3.6, w: 9, h: 0.4, fontSize: 12 });
  });
  const r = await processDeck({ input, output: join(dir, 'out.pptx') });
  const [fig] = pics(r.items, 1);
  assert.equal(fig.newAlt, 'Mitral valve in systole');
  assert.equal(fig.source, 'caption');
  for (const slide of [2, 3, 4, 5, 6, 7]) {
    const [it] = pics(r.items, slide);
    assert.equal(it.newAlt, null, `slide ${slide}: ${it.newAlt}`);
    assert.equal(it.status, 'unresolved');
  }
});

test('short junk a person left ("BM", "banner", "An image") and AltDeck’s old filler are replaced or taken out', async (t) => {
  const dir = tempDir(t);
  const olds = ['BM', 'banner', 'An image', 'tco', 'Picture illustrating “Cardiac cycle”'];
  const input = await deck(dir, (p) => {
    const s = p.addSlide();
    title(s, 'Cardiac cycle');
    olds.forEach((alt, k) => s.addImage({ data: png(k + 1), x: 0.5 + k * 1.8, y: 1.5, w: 1.6, h: 1.2, altText: alt }));
  });
  const output = join(dir, 'out.pptx');
  const r = await processDeck({ input, output });
  const d = await descrs(output);
  pics(r.items).forEach((it, k) => {
    assert.notEqual(it.oldAltVerdict, 'person', olds[k]);
    assert.equal(it.status, 'unresolved', olds[k]);
    assert.equal(d.get(it.shapeId), '', `${olds[k]} removed`);
  });
  assert.equal(pics(r.items)[4].oldAltVerdict, 'altdeck', 'our own earlier filler is ours, never a person’s');
  assert.deepEqual(scoreOf(r.items, 'before'), { images: 5, done: 0, draft: 1, missing: 4 });
  assert.deepEqual(scoreOf(r.items, 'after'), { images: 5, done: 0, draft: 0, missing: 5 });
});

test('an image on most slides gets one proposal (its name, or decorative), and no two images on a slide share a text', async (t) => {
  const dir = tempDir(t);
  const logo = png(42, 64, 32);
  const input = await deck(dir, (p) => {
    for (let k = 0; k < 5; k++) {
      const s = p.addSlide();
      title(s, `Lecture part ${k + 1}`);
      s.addImage({ data: logo, x: 8.5, y: 0.1, w: 1, h: 0.5 });
      s.addImage({ data: png(100 + k), x: 1, y: 1.5, w: 3, h: 2, altText: 'heart.png' });
      s.addImage({ data: png(200 + k), x: 5, y: 1.5, w: 3, h: 2, altText: 'heart.png' });
    }
  });
  const r = await processDeck({ input, output: join(dir, 'out.pptx') });
  for (let slide = 1; slide <= 5; slide++) {
    const [logoItem, first, second] = pics(r.items, slide);
    assert.equal(logoItem.status, 'decorative-candidate', 'a repeated small logo without a name: proposed decorative, no text');
    assert.equal(logoItem.newAlt, null);
    assert.equal(first.newAlt, 'Heart');
    assert.equal(second.newAlt, null, 'the same words on a second picture of the slide tell a reader nothing');
    assert.ok(second.reviewReasons.some((x) => x.includes('already the ALT of')));
  }
  const named = await deck(
    dir,
    (p) => {
      for (let k = 0; k < 4; k++) {
        const s = p.addSlide();
        title(s, `Part ${k + 1}`);
        s.addImage({ data: logo, x: 8.5, y: 0.1, w: 1, h: 0.5, altText: 'university-of-leeds-logo.png' });
      }
    },
    'named.pptx',
  );
  const r2 = await processDeck({ input: named, output: join(dir, 'named-out.pptx') });
  const texts = new Set(r2.items.map((i) => i.newAlt));
  assert.deepEqual([...texts], ['University of leeds logo'], 'one proposal for the logo on every slide');
  assert.ok(r2.items.every((i) => i.reviewReasons.some((x) => x.startsWith('may be decorative'))));
});

test('placeholders only when asked for: written, never accessible, and a re-run keeps them without rewriting', async (t) => {
  const dir = tempDir(t);
  const input = await deck(dir, (p) => {
    const s = p.addSlide();
    title(s, 'Histology');
    s.addImage({ data: png(1), x: 1, y: 1.5, w: 3, h: 2 });
  });
  const plain = await processDeck({ input, output: join(dir, 'plain.pptx') });
  assert.equal(plain.items[0].newAlt, null, 'by default nothing is written where nothing says what the image shows');
  const output = join(dir, 'ph.pptx');
  const r = await processDeck({ input, output, writePlaceholders: true });
  const [it] = r.items;
  assert.equal(it.newAlt, 'Image without a description');
  assert.equal(it.source, 'placeholder');
  assert.equal(it.trust, 'none');
  assert.equal(standingAfter(it), 'missing');
  assert.equal((await descrs(output)).get(it.shapeId), 'Image without a description');
  const again = await processDeck({ input: output, output: join(dir, 'ph2.pptx'), writePlaceholders: true });
  assert.equal(again.items[0].oldAltVerdict, 'altdeck');
  assert.equal(again.written, 0);
  assert.equal(standingAfter(again.items[0]), 'missing');
});

test('ink strokes are found as ink and proposed decorative', () => {
  const xml = `<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>
<mc:AlternateContent><mc:Choice Requires="p14"><p:contentPart p14:bwMode="auto" r:id="rId3"><p14:nvContentPartPr><p14:cNvPr id="49" name="Ink 48"/><p14:cNvContentPartPr/><p14:nvPr/></p14:nvContentPartPr><p14:xfrm><a:off x="100" y="100"/><a:ext cx="900000" cy="400000"/></p14:xfrm></p:contentPart></mc:Choice><mc:Fallback><p:pic><p:nvPicPr><p:cNvPr id="49" name="Ink 48"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="rId4"/></p:blipFill><p:spPr><a:xfrm><a:off x="100" y="100"/><a:ext cx="900000" cy="400000"/></a:xfrm></p:spPr></p:pic></mc:Fallback></mc:AlternateContent>
</p:spTree></p:cSld></p:sld>`;
  const { objects } = scanSlide(xml, parseXml(xml));
  assert.equal(objects.length, 1);
  assert.equal(objects[0].ink, true);
});

test('an approval applied to AltDeck’s own output makes that text a person’s; the undecided drafts stay drafts', async (t) => {
  const dir = tempDir(t);
  const input = await deck(dir, (p) => {
    const s = p.addSlide();
    title(s, 'Laboratories');
    s.addImage({ data: png(1), x: 0.5, y: 1.5, w: 2, h: 1.5, altText: 'alfresco-logo.png' });
    s.addImage({ data: png(2), x: 3, y: 1.5, w: 2, h: 1.5, altText: 'chemistry-laboratory.png' });
  });
  const draft = join(dir, 'draft.pptx');
  const r = await processDeck({ input, output: draft });
  const [logo] = pics(r.items);
  const final = join(dir, 'final.pptx');
  await processDeck({ input: draft, output: final, apply: { schema: 'altdeck-apply/1', items: [{ part: logo.part, shapeId: logo.shapeId, action: 'set', text: 'Alfresco logo' }] } });
  const again = await processDeck({ input: final, policy: 'audit' });
  const [logo2, lab2] = pics(again.items);
  assert.equal(logo2.oldAltVerdict, 'person', 'approved in review: done');
  assert.equal(lab2.oldAltVerdict, 'altdeck', 'not reviewed: still a draft');
  assert.deepEqual(scoreOf(again.items, 'before'), { images: 2, done: 1, draft: 1, missing: 0 });
});

test('the drafts record goes into custom properties the deck already has, beside its own, split under 255 characters', async (t) => {
  const dir = tempDir(t);
  const words = ['aorta', 'atrium', 'ventricle', 'valve', 'septum', 'artery', 'vein', 'capillary', 'lung', 'bronchus', 'alveolus', 'kidney', 'nephron', 'liver', 'lobule'];
  const built = await deck(dir, (p) => {
    for (let k = 0; k < 6; k++) {
      const s = p.addSlide();
      title(s, `Organs ${k + 1}`);
      for (let j = 0; j < 5; j++) s.addImage({ data: png(k * 5 + j + 1), x: 0.2 + j * 1.9, y: 1.5, w: 1.7, h: 1.2, altText: `${words[(k * 5 + j) % 15]}-${['diagram', 'section', 'sketch', 'model', 'scan', 'view'][k]}.png` });
    }
  });
  const zip = await JSZip.loadAsync(readFileSync(built));
  zip.file('docProps/custom.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Department"><vt:lpwstr>Anatomy</vt:lpwstr></property></Properties>');
  const rels = await zip.file('_rels/.rels')!.async('string');
  zip.file('_rels/.rels', rels.replace('</Relationships>', '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>'));
  const ct = await zip.file('[Content_Types].xml')!.async('string');
  zip.file('[Content_Types].xml', ct.replace('</Types>', '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>'));
  const input = join(dir, 'with-props.pptx');
  writeFileSync(input, await zip.generateAsync({ type: 'nodebuffer' }));
  const output = join(dir, 'out.pptx');
  const r = await processDeck({ input, output });
  assert.equal(r.written, 30);
  assert.equal(r.addedParts, undefined, 'the existing part is used');
  const xml = (await readEntry(output, 'docProps/custom.xml')).toString('utf8');
  assert.match(xml, /name="Department"><vt:lpwstr>Anatomy</);
  const values = [...xml.matchAll(/pid="(\d+)" name="AltDeck drafts (\d)"><vt:lpwstr>([^<]*)</g)];
  assert.deepEqual(values.map((m) => [m[1], m[2]]), [['3', '1'], ['4', '2']]);
  for (const m of values) assert.ok(m[3].length < 255);
  // 30 ALT drafts and the deck's slide titles the checker proposed (issue 13), one per slide
  assert.equal(values.map((m) => m[3].split(' ').length).reduce((a, b) => a + b), 30 + r.checks!.filter((c) => c.rule === 'missing-slide-title' && c.written).length);
  const again = await processDeck({ input: output, policy: 'audit' });
  assert.ok(again.items.every((i) => i.oldAltVerdict === 'altdeck'));
});
