/**
 * Missing and duplicate slide titles, document properties (title, language of the deck and
 * of its runs, default section names) and restricted access: generated decks processed by
 * the real pipeline, the outputs read back, a second run over the output, apply mode with a
 * reviewer's decisions, and the input never changed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import PptxGenJS from 'pptxgenjs';
import { tempDir } from '../../helpers/tmp';
import { processDeck } from '../../../src/processor/process-deck';
import { findingKey, type CheckFinding } from '../../../src/shared/checker';
import { attr, child, find, findAll, parseXml, textOf } from '../../../src/processor/xml/tree';
import { readEntry } from '../zip-inspect';

const TITLED = 'TITLED';

async function titlesDeck(path: string): Promise<string> {
  const pptx = new PptxGenJS();
  pptx.defineSlideMaster({
    title: TITLED,
    objects: [{ placeholder: { options: { name: 'title', type: 'title', x: 0.5, y: 0.2, w: 9, h: 1 }, text: '' } }],
  });
  // 1: no placeholder; a big text at the top is the title a reader sees
  const s1 = pptx.addSlide();
  s1.addText('Renal physiology', { x: 0.5, y: 0.2, w: 9, h: 0.8, fontSize: 32 });
  s1.addText('Body text further down the slide', { x: 0.5, y: 3, w: 9, h: 1, fontSize: 18 });
  // 2, 3: the same title on two slides in a row → "(continued)"
  pptx.addSlide({ masterName: TITLED }).addText('Kidney', { placeholder: 'title' });
  pptx.addSlide({ masterName: TITLED }).addText('kidney ', { placeholder: 'title' });
  // 4, 6: the same title apart → "(2)"
  pptx.addSlide({ masterName: TITLED }).addText('Liver', { placeholder: 'title' });
  // 5: nothing at all to take a title from
  pptx.addSlide();
  pptx.addSlide({ masterName: TITLED }).addText('Liver', { placeholder: 'title' });
  // 7: the largest text, low on the slide
  const s7 = pptx.addSlide();
  s7.addText('small note', { x: 0.5, y: 4, w: 4, h: 0.5, fontSize: 12 });
  s7.addText('Glomerular filtration', { x: 0.5, y: 2.5, w: 9, h: 1, fontSize: 40 });
  await pptx.writeFile({ fileName: path });
  return path;
}

const byRule = (r: { checks?: CheckFinding[] }, rule: string) => (r.checks ?? []).filter((f) => f.rule === rule);

function titleOf(xml: string): { text: string; y: number | null } | null {
  const root = parseXml(xml);
  for (const sp of findAll(root, 'sp')) {
    const ph = find(sp, 'ph');
    if (!ph || !['title', 'ctrTitle'].includes(attr(ph, 'type') ?? '')) continue;
    const off = find(sp, 'off');
    const text = findAll(sp, 't').map((t) => textOf(xml, t)).join('');
    return { text, y: off ? Number(attr(off, 'y')) : null };
  }
  return null;
}

test('missing titles are proposed from the top or largest text and written above the slide; duplicates get "(continued)" or "(2)"', async (t) => {
  const dir = tempDir(t);
  const input = await titlesDeck(join(dir, 'titles.pptx'));
  const original = readFileSync(input);
  const output = join(dir, 'out.pptx');
  const r = await processDeck({ input, output });
  assert.ok(readFileSync(input).equals(original), 'the original is never changed');

  const missing = byRule(r, 'missing-slide-title');
  assert.deepEqual(missing.map((f) => f.slide), [1, 5, 7]);
  const [m1, m5, m7] = missing;
  assert.equal(m1.proposal, 'Renal physiology');
  assert.equal(m1.outcome, 'proposed');
  assert.equal(m1.trust, 'evidence');
  assert.equal(m1.written, true);
  assert.match(m1.message, /top of the slide/);
  assert.equal(m5.outcome, 'flagged');
  assert.equal(m5.proposal, null);
  assert.equal(m5.written, false);
  assert.equal(m7.proposal, 'Glomerular filtration');
  assert.match(m7.message, /largest text/);

  const dup = byRule(r, 'duplicate-slide-title');
  assert.deepEqual(dup.map((f) => [f.slide, f.proposal]), [
    [3, 'kidney (continued)'],
    [6, 'Liver (2)'],
  ]);
  assert.ok(dup.every((f) => f.outcome === 'proposed' && f.written));

  // the output: a title placeholder above the slide (y < 0) holding the proposal, the suffix on the title's own run
  const s1 = titleOf((await readEntry(output, 'ppt/slides/slide1.xml')).toString('utf8'))!;
  assert.equal(s1.text, 'Renal physiology');
  assert.ok(s1.y !== null && s1.y < 0, 'placed off the slide');
  assert.equal(titleOf((await readEntry(output, 'ppt/slides/slide3.xml')).toString('utf8'))!.text, 'kidney (continued)');
  assert.equal(titleOf((await readEntry(output, 'ppt/slides/slide6.xml')).toString('utf8'))!.text, 'Liver (2)');
  assert.equal(titleOf((await readEntry(output, 'ppt/slides/slide5.xml')).toString('utf8')), null, 'nothing written where nothing was proposed');
  // the presentation title comes from slide 1's proposed title, as a proposal too
  const title = byRule(r, 'document-title')[0];
  assert.equal(title.proposal, 'Renal physiology');
  assert.equal(title.outcome, 'proposed');
  assert.match((await readEntry(output, 'docProps/core.xml')).toString('utf8'), /<dc:title>Renal physiology<\/dc:title>/);
  assert.equal(r.checkedCounts?.['missing-slide-title'], 7);

  // a second run over the output: the titles AltDeck wrote are its drafts still (recorded in the deck),
  // awaiting review, never the author's; nothing is proposed twice and nothing changes
  const again = await processDeck({ input: output, output: join(dir, 'again.pptx') });
  const second = byRule(again, 'missing-slide-title');
  assert.deepEqual(second.map((f) => [f.slide, f.outcome]), [[1, 'proposed'], [3, 'proposed'], [5, 'flagged'], [6, 'proposed'], [7, 'proposed']]);
  for (const f of second.filter((x) => x.outcome === 'proposed')) assert.equal(f.current, f.proposal, 'the draft in the file is the proposal');
  assert.deepEqual(byRule(again, 'duplicate-slide-title'), []);
  assert.deepEqual(byRule(again, 'document-title'), []);
  assert.ok(readFileSync(join(dir, 'again.pptx')).equals(readFileSync(output)), 'a second run changes nothing');
});

test('apply mode writes a proposed title only when approved, the reviewer’s words when edited, nothing when rejected', async (t) => {
  const dir = tempDir(t);
  const input = await titlesDeck(join(dir, 'titles.pptx'));
  const r = await processDeck({ input, policy: 'audit' });
  const [m1, , m7] = byRule(r, 'missing-slide-title');
  const [d3, d6] = byRule(r, 'duplicate-slide-title');
  assert.ok(r.checks!.every((f) => !f.written), 'audit writes nothing');
  const output = join(dir, 'final.pptx');
  const a = await processDeck({
    input,
    output,
    apply: {
      schema: 'altdeck-apply/1',
      items: [],
      checks: [
        { key: findingKey(m1), action: 'reject' },
        { key: findingKey(m7), action: 'edit', text: 'GFR and its regulation' },
        { key: findingKey(d3), action: 'approve' },
        { key: findingKey(d6), action: 'edit', text: 'Liver: blood supply' },
      ],
    },
  });
  assert.equal(titleOf((await readEntry(output, 'ppt/slides/slide1.xml')).toString('utf8')), null, 'rejected: no title added');
  assert.equal(titleOf((await readEntry(output, 'ppt/slides/slide7.xml')).toString('utf8'))!.text, 'GFR and its regulation');
  assert.equal(titleOf((await readEntry(output, 'ppt/slides/slide3.xml')).toString('utf8'))!.text, 'kidney (continued)');
  assert.equal(titleOf((await readEntry(output, 'ppt/slides/slide6.xml')).toString('utf8'))!.text, 'Liver: blood supply');
  const f7 = a.checks!.find((f) => f.rule === 'missing-slide-title' && f.slide === 7)!;
  assert.equal(f7.written, true);
  assert.equal(f7.trust, 'person');
  assert.equal(a.checks!.find((f) => f.rule === 'missing-slide-title' && f.slide === 1)!.written, false);
});

async function germanDeck(path: string): Promise<string> {
  const pptx = new PptxGenJS();
  pptx.title = 'PowerPoint Presentation';
  pptx.defineSlideMaster({ title: TITLED, objects: [{ placeholder: { options: { name: 'title', type: 'title', x: 0.5, y: 0.2, w: 9, h: 1 }, text: '' } }] });
  const s = pptx.addSlide({ masterName: TITLED });
  s.addText('Die Niere und der Harnleiter', { placeholder: 'title', lang: 'en-US' });
  s.addText(
    [
      { text: 'Die Niere filtert das Blut und bildet den Harn, der über den Harnleiter in die Blase fließt. Sie ist mit der Nebenniere nicht zu verwechseln, die auf der Niere sitzt und Hormone bildet. ', options: { lang: 'en-US' } },
      { text: 'The kidney filters the blood', options: { lang: 'en-US' } },
    ],
    { x: 0.5, y: 1.5, w: 9, h: 2 },
  );
  await pptx.writeFile({ fileName: path });
  // PowerPoint's section list, with the name it gives the first section, and a password to modify
  const zip = await JSZip.loadAsync(readFileSync(path));
  let pres = await zip.file('ppt/presentation.xml')!.async('string');
  const ids = [...pres.matchAll(/<p:sldId [^>]*id="(\d+)"/g)].map((m) => m[1]);
  const sections = `<p:extLst><p:ext uri="{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"><p14:sectionLst xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main"><p14:section name="Default Section" id="{6E0A5F0C-8E0E-4A5B-9E4C-1A2B3C4D5E6F}"><p14:sldIdLst>${ids.map((i) => `<p14:sldId id="${i}"/>`).join('')}</p14:sldIdLst></p14:section></p14:sectionLst></p:ext></p:extLst>`;
  pres = pres.replace(/<p:extLst>[\s\S]*?<\/p:extLst>/, '').replace('</p:presentation>', `<p:modifyVerifier cryptProviderType="rsaAES" cryptAlgorithmClass="hash" cryptAlgorithmType="typeAny" cryptAlgorithmSid="14" spinCount="100000" saltData="AAAA" hashData="BBBB"/>${sections}</p:presentation>`);
  zip.file('ppt/presentation.xml', pres);
  writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return path;
}

test('document properties: title from the first slide, German set as the deck’s and the runs’ language (an English sentence stays English), default section name and password to modify flagged', async (t) => {
  const dir = tempDir(t);
  const input = await germanDeck(join(dir, 'niere.pptx'));
  const output = join(dir, 'out.pptx');
  const r = await processDeck({ input, output });
  assert.equal(r.language, 'de');

  const title = byRule(r, 'document-title')[0];
  assert.equal(title.outcome, 'fixed');
  assert.equal(title.current, 'PowerPoint Presentation');
  assert.equal(title.proposal, 'Die Niere und der Harnleiter');
  const core = (await readEntry(output, 'docProps/core.xml')).toString('utf8');
  assert.match(core, /<dc:title>Die Niere und der Harnleiter<\/dc:title>/);
  assert.match(core, /<dc:language>de-DE<\/dc:language>/);

  const lang = byRule(r, 'document-language');
  const deckLevel = lang.find((f) => f.slide === null)!;
  assert.equal(deckLevel.outcome, 'fixed');
  assert.equal(deckLevel.proposal, 'de-DE');
  const pres = (await readEntry(output, 'ppt/presentation.xml')).toString('utf8');
  const defRPr = child(child(find(parseXml(pres), 'defaultTextStyle')!, 'defPPr')!, 'defRPr')!;
  assert.equal(attr(defRPr, 'lang'), 'de-DE');
  const runs = lang.find((f) => f.slide === 1)!;
  assert.equal(runs.outcome, 'fixed');
  assert.equal(runs.written, true);
  const slide = (await readEntry(output, 'ppt/slides/slide1.xml')).toString('utf8');
  const root = parseXml(slide);
  const tagOf = (words: RegExp) => {
    const r1 = findAll(root, 'r').find((r) => words.test(textOf(slide, child(r, 't')!)))!;
    return attr(child(r1, 'rPr')!, 'lang');
  };
  assert.equal(tagOf(/^Die Niere filtert/), 'de-DE');
  assert.equal(tagOf(/^Die Niere und der Harnleiter/), 'de-DE');
  assert.equal(tagOf(/^The kidney/), 'en-US', 'an English sentence keeps its tag');

  const sec = byRule(r, 'default-section-name');
  assert.equal(sec.length, 1);
  assert.equal(sec[0].outcome, 'flagged');
  assert.equal(sec[0].current, 'Default Section');
  const access = byRule(r, 'restricted-access');
  assert.deepEqual(access.map((f) => [f.target, f.outcome]), [['modifyVerifier', 'flagged']]);
  assert.match(pres, /<p:modifyVerifier /, 'a protection a person set is never removed');

  // a second run has nothing left to fix in the properties
  const again = await processDeck({ input: output, output: join(dir, 'again.pptx') });
  assert.deepEqual(byRule(again, 'document-title'), []);
  assert.deepEqual(byRule(again, 'document-language'), []);
});

test('a deck marked final is flagged as restricted; a Chinese deck tagged en-US gets zh-CN', async (t) => {
  const dir = tempDir(t);
  const pptx = new PptxGenJS();
  pptx.addSlide().addText('肾脏是人体重要的器官，负责过滤血液并产生尿液。', { x: 0.5, y: 1, w: 9, h: 1, lang: 'en-US' });
  const path = join(dir, 'final.pptx');
  await pptx.writeFile({ fileName: path });
  const zip = await JSZip.loadAsync(readFileSync(path));
  zip.file(
    'docProps/custom.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="_MarkAsFinal"><vt:bool>true</vt:bool></property></Properties>',
  );
  let ct = await zip.file('[Content_Types].xml')!.async('string');
  ct = ct.replace('</Types>', '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>');
  zip.file('[Content_Types].xml', ct);
  let rels = await zip.file('_rels/.rels')!.async('string');
  rels = rels.replace('</Relationships>', '<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>');
  zip.file('_rels/.rels', rels);
  writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer' }));
  const output = join(dir, 'out.pptx');
  const r = await processDeck({ input: path, output });
  assert.deepEqual(byRule(r, 'restricted-access').map((f) => f.target), ['_MarkAsFinal']);
  const runs = byRule(r, 'document-language').find((f) => f.slide === 1)!;
  assert.equal(runs.proposal, 'zh-CN');
  assert.match((await readEntry(output, 'ppt/slides/slide1.xml')).toString('utf8'), /lang="zh-CN"/);
});
