/**
 * processDeck on a generated lecture deck: what it finds, what it writes, and
 * that every entry it did not change is copied byte for byte with its
 * compression method, in the original order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/tmp';
import { lectureDeck, lectureDeckWithoutNotes, mixedCompression } from './fixtures';
import { rawEntries, readEntry, xmlError } from './zip-inspect';
import { AbortedError, processDeck } from '../../src/processor/process-deck';
import { validateOutput } from '../../src/core/runner/validate-output';
import { classifyAlt } from '../../src/processor/judge/classify';
import { parseXml, find, findAll, attr } from '../../src/processor/xml/tree';
import { isDecorativeFlag } from '../../src/processor/deck/slide-objects';

test('lecture deck: ALT from caption, chart data, table header; a person’s ALT kept; only slide XML changes', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'lecture.pptx'));
  const output = join(dir, 'out.pptx');
  const r = await processDeck({ input, output });
  assert.equal(r.wroteOutput, true);
  const by = (slide: number, kind: string) => r.items.filter((i) => i.slide === slide && i.kind === kind);

  const [photo, tiny] = by(1, 'picture');
  assert.equal(photo.status, 'written');
  assert.equal(photo.source, 'caption');
  assert.equal(photo.trust, 'evidence');
  assert.equal(photo.newAlt, 'Pressure changes in the left ventricle');
  assert.equal(photo.needsReview, true);
  // a tiny fragment carries no content: proposed as decorative, no text
  assert.equal(tiny.status, 'decorative-candidate');
  assert.equal(tiny.newAlt, null);
  assert.ok(tiny.reviewReasons.some((x) => x.startsWith('proposed as decorative')), tiny.reviewReasons.join('; '));

  const [fileNamed] = by(2, 'picture');
  assert.equal(fileNamed.oldAltVerdict, 'junk');
  // "grid.png": the file name's words are evidence, never "Picture illustrating “<title>”"
  assert.equal(fileNamed.newAlt, 'Grid');
  assert.equal(fileNamed.source, 'file-name');
  const [chart] = by(2, 'chart');
  assert.equal(chart.source, 'chart');
  assert.match(chart.newAlt!, /Heart rate by age/);
  // a finding per series, not just their names (issue 9 §3)
  assert.match(chart.newAlt!, /Resting: highest 75 \(60s\); Exercise: highest 170 \(20s\)/);
  assert.match(chart.longDescription!, /20s: 70/);

  const [kept] = by(3, 'picture');
  assert.equal(kept.status, 'kept');
  assert.equal(kept.newAlt, 'Diagram of the nephron & collecting duct');
  const [table] = by(3, 'table');
  assert.equal(table.source, 'table');
  assert.equal(table.newAlt, 'Table, 3 rows, 2 columns: Segment and Reabsorbs; rows: Proximal tubule and Loop of Henle');
  assert.match(table.longDescription!, /Row 1: Segment: Proximal tubule; Reabsorbs: Na\+, glucose/);

  for (const i of r.items) if (i.newAlt) assert.ok(i.newAlt.length <= 150);

  // the ZIP: same entries, same order, untouched ones byte-identical with their method
  const before = await rawEntries(input);
  const after = await rawEntries(output);
  assert.equal(after[0].name, '[Content_Types].xml');
  // the original entries in their order, then the added record of AltDeck's drafts
  assert.deepEqual(after.map((e) => e.name), [...before.map((e) => e.name), 'docProps/custom.xml']);
  const changed = new Set(r.changedParts as string[]);
  // the slides, plus the package's content types and relationships for the record of AltDeck's drafts,
  // plus the document title and language the checker sets (issue 13: core.xml, presentation.xml)
  assert.deepEqual([...changed].sort(), ['[Content_Types].xml', '_rels/.rels', 'docProps/core.xml', 'ppt/presentation.xml', 'ppt/slides/slide1.xml', 'ppt/slides/slide2.xml', 'ppt/slides/slide3.xml']);
  assert.deepEqual(r.addedParts, ['docProps/custom.xml']);
  assert.ok(before.some((e) => e.method === 0) && before.some((e) => e.method === 8), 'fixture mixes stored and deflated');
  for (let k = 0; k < before.length; k++) {
    if (changed.has(before[k].name)) continue;
    assert.equal(after[k].method, before[k].method, before[k].name);
    assert.equal(after[k].rawSha, before[k].rawSha, before[k].name);
    assert.equal(after[k].crc, before[k].crc, before[k].name);
  }
  // the changed slides are well-formed and carry the new ALT on the right shape
  for (const part of changed) {
    const xml = (await readEntry(output, part)).toString('utf8');
    assert.equal(xmlError(xml), null, part);
  }
  const s2 = (await readEntry(output, 'ppt/slides/slide2.xml')).toString('utf8');
  const s2in = (await readEntry(input, 'ppt/slides/slide2.xml')).toString('utf8');
  const pics = findAll(parseXml(s2), 'cNvPr');
  // every shape keeps its id; the one new shape is the slide title the checker proposes (issue 13)
  const titleShape = pics.find((p) => attr(p, 'name')?.startsWith('Title '))!;
  assert.deepEqual(pics.filter((p) => p !== titleShape).map((p) => attr(p, 'id')), findAll(parseXml(s2in), 'cNvPr').map((p) => attr(p, 'id')), 'shape ids unchanged');
  assert.ok(pics.some((p) => attr(p, 'descr') === chart.newAlt));
  // only descr attributes differ, besides the added title shape
  assert.equal(s2.replace(/ descr="[^"]*"/g, '').replace(/<p:sp><p:nvSpPr><p:cNvPr id="\d+" name="Title \d+"\/>.*?<\/p:sp>/, ''), s2in.replace(/ descr="[^"]*"/g, ''));
});

test('a second run changes nothing: zero items written and a byte-identical output', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'lecture.pptx'));
  const out1 = join(dir, 'out1.pptx');
  const out2 = join(dir, 'out2.pptx');
  const r1 = await processDeck({ input, output: out1 });
  assert.ok(r1.written > 0);
  const r2 = await processDeck({ input: out1, output: out2 });
  assert.equal(r2.written, 0);
  assert.ok(readFileSync(out1).equals(readFileSync(out2)));
  // what we wrote is judged as real ALT text the second time
  for (const i of r2.items) if (i.oldAlt && r1.items.find((x) => x.newAlt === i.oldAlt)) assert.equal(classifyAlt(i.oldAlt).verdict, 'person');
});

test('audit writes nothing and proposes; overwrite keeps a person’s ALT when only context is available', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'lecture.pptx'));
  const audit = await processDeck({ input, output: join(dir, 'audit.pptx'), policy: 'audit' });
  assert.equal(audit.wroteOutput, false);
  assert.equal(existsSync(join(dir, 'audit.pptx')), false);
  assert.ok(audit.items.some((i) => i.status === 'proposed'));
  assert.equal(audit.items.filter((i) => i.status === 'written').length, 0);
  const over = await processDeck({ input, output: join(dir, 'over.pptx'), policy: 'overwrite' });
  const kept = over.items.find((i) => i.slide === 3 && i.kind === 'picture')!;
  assert.equal(kept.status, 'kept');
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('altdeck-tmp')), []);
});

test('decorative flag only when asked; long descriptions into the notes only when asked', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'lecture.pptx'));
  const plain = await processDeck({ input, output: join(dir, 'plain.pptx') });
  assert.ok(!(plain.changedParts as string[]).some((p) => p.startsWith('ppt/notesSlides/')));
  const out = join(dir, 'deco.pptx');
  const r = await processDeck({ input, output: out, markDecorative: true, notesLongDescriptions: true });
  const tiny = r.items.filter((i) => i.slide === 1 && i.kind === 'picture')[1];
  assert.equal(tiny.status, 'decorative');
  assert.equal(tiny.newAlt, null);
  const s1 = (await readEntry(out, 'ppt/slides/slide1.xml')).toString('utf8');
  assert.equal(xmlError(s1), null);
  const flagged = findAll(parseXml(s1), 'cNvPr').filter(isDecorativeFlag);
  assert.equal(flagged.length, 1);
  assert.equal(attr(flagged[0], 'name'), tiny.shapeName);
  const notesPart = (r.changedParts as string[]).find((p) => p.startsWith('ppt/notesSlides/'))!;
  const notes = (await readEntry(out, notesPart)).toString('utf8');
  assert.equal(xmlError(notes), null);
  assert.match(notes, /Resting — 20s: 70, 40s: 72, 60s: 75/);
  assert.match(notes, /Discuss the drop in maximum heart rate/);
  // and a second run does not add the description again
  const out2 = join(dir, 'deco2.pptx');
  const r2 = await processDeck({ input: out, output: out2, markDecorative: true, notesLongDescriptions: true });
  assert.equal(r2.written, 0);
  assert.ok(readFileSync(out).equals(readFileSync(out2)));
  void find;
});

test('a slide without a notes page gets a new one for the long description (only when asked)', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeckWithoutNotes(join(dir, 'in.pptx'));
  const before = await rawEntries(input);
  assert.ok(!before.some((e) => e.name === 'ppt/notesSlides/notesSlide2.xml'));
  const output = join(dir, 'out.pptx');
  const r = await processDeck({ input, output, notesLongDescriptions: true });
  const added = r.addedParts as string[];
  assert.equal(added.length, 3, JSON.stringify(r.warnings));
  const [notesPart, notesRels, record] = added;
  assert.equal(record, 'docProps/custom.xml');
  assert.match(notesPart, /^ppt\/notesSlides\/notesSlide\d+\.xml$/);
  assert.ok(!before.some((e) => e.name === notesPart), 'a fresh part name');
  // slide 3 has a notes page already: its table's long description is appended there
  assert.deepEqual((r.changedParts as string[]).filter((p) => !p.startsWith('ppt/slides/slide')).sort(), ['[Content_Types].xml', '_rels/.rels', 'docProps/core.xml', 'ppt/notesSlides/notesSlide3.xml', 'ppt/presentation.xml', 'ppt/slides/_rels/slide2.xml.rels']);
  const read = async (p: string) => (await readEntry(output, p)).toString('utf8');
  for (const p of [notesPart, notesRels, '[Content_Types].xml', 'ppt/slides/_rels/slide2.xml.rels']) assert.equal(xmlError(await read(p)), null, p);
  assert.match(await read(notesPart), /Resting — 20s: 70, 40s: 72, 60s: 75/);
  assert.match(await read('[Content_Types].xml'), new RegExp(`PartName="/${notesPart}" ContentType="application/vnd.openxmlformats-officedocument.presentationml.notesSlide\\+xml"`));
  assert.match(await read('ppt/slides/_rels/slide2.xml.rels'), new RegExp(`Target="../notesSlides/${notesPart.split('/').pop()}"`));
  assert.match(await read(notesRels), /Target="..\/notesMasters\/notesMaster1.xml"/);
  assert.match(await read(notesRels), /Target="..\/slides\/slide2.xml"/);
  // the other entries are the original ones, still first and in order
  const after = await rawEntries(output);
  assert.deepEqual(after.slice(0, before.length).map((e) => e.name), before.map((e) => e.name));
  // the engine's own output check (every entry inflated, CRC compared) accepts it
  assert.deepEqual(await validateOutput(output), { ok: true, entries: after.length });
  // rerun: nothing more to add
  const r2 = await processDeck({ input: output, output: join(dir, 'out2.pptx'), notesLongDescriptions: true });
  assert.equal(r2.written, 0);
  assert.equal(r2.addedParts, undefined);
  // not asked: no new notes page (only the record of AltDeck's drafts)
  const r3 = await processDeck({ input, output: join(dir, 'out3.pptx') });
  assert.deepEqual(r3.addedParts, ['docProps/custom.xml']);
});

/** 25 slides, each with a 1 MB picture of noise (incompressible, stored). */
async function bigDeck(path: string): Promise<string> {
  const { default: PptxGenJS } = await import('pptxgenjs');
  const { randomBytes } = await import('node:crypto');
  const pptx = new PptxGenJS();
  for (let s = 0; s < 25; s++) {
    const slide = pptx.addSlide();
    slide.addText(`Slide ${s + 1}`, { x: 0.5, y: 0.2, w: 9, h: 0.8 });
    // a JPEG header is enough for a picture part; the bytes are not decoded here
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(1024 * 1024)]);
    slide.addImage({ data: `image/jpeg;base64,${jpeg.toString('base64')}`, x: 1, y: 1.5, w: 4, h: 3 });
  }
  writeFileSync(path, await mixedCompression((await pptx.write({ outputType: 'nodebuffer' })) as Buffer));
  return path;
}

test('a stop while describing or while copying leaves no output and no temp file', async (t) => {
  const dir = tempDir(t);
  const input = await bigDeck(join(dir, 'in.pptx'));
  for (const when of ['describing', 'writing'] as const) {
    const controller = new AbortController();
    const output = join(dir, `out-${when}.pptx`);
    let sawTemp = false;
    let tempAtAbort = false;
    await assert.rejects(
      processDeck(
        { input, output },
        {
          signal: controller.signal,
          onProgress: (done, _total, stage) => {
            if (when === 'describing' && done === 1) controller.abort();
            // stop as soon as the temp file is there, i.e. during the copy of ~25 MB of stored pictures
            if (when === 'writing' && stage === 'writing') {
              const poll = setInterval(() => {
                if (!readdirSync(dir).some((f) => f.includes('altdeck-tmp'))) return;
                clearInterval(poll);
                tempAtAbort = true;
                controller.abort();
              }, 1);
              t.after(() => clearInterval(poll));
            }
          },
        },
      ),
      AbortedError,
    );
    sawTemp = readdirSync(dir).some((f) => f.includes('altdeck-tmp'));
    assert.equal(sawTemp, false, when);
    if (when === 'writing') assert.equal(tempAtAbort, true, 'the stop came mid-copy');
    assert.equal(existsSync(output), false, when);
  }
});
