/**
 * A deck cut short is TRUNCATED_ZIP whatever it embeds. Charts carry their workbook (a ZIP)
 * and OLE objects whole documents or decks; a cut just after one of them leaves that file's
 * end record at the end, and trusting it judged the embedded file ("looks like an Excel
 * workbook", NOT_PPTX) or even passed the deck as OK (an embedded deck).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PptxGenJSModule from 'pptxgenjs';
import { preflightFile } from '../../src/core/preflight';
import { bufferReader } from '../../src/core/preflight/reader';
import { readZipDirectory } from '../../src/core/preflight/zip-directory';
import { CORPUS_DIR, corpusSkip } from '../helpers/corpus';
import { makeDeckBuffer } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { buildZip, minimalDeckEntries } from './zip-builder';

const PptxGenJS = ((PptxGenJSModule as unknown as { default?: typeof PptxGenJSModule }).default ?? PptxGenJSModule) as typeof PptxGenJSModule;
const EOCD = Buffer.from('PK\x05\x06', 'latin1');

/** Where the deck's own end record starts: any cut before it loses the deck's directory. */
function ownEndRecord(buf: Buffer): number {
  return buf.lastIndexOf(EOCD);
}

/** Cut points: just after every embedded end record (the dangerous ones) and evenly spread. */
function cutPoints(buf: Buffer, spread: number): number[] {
  const limit = ownEndRecord(buf);
  const cuts = new Set<number>();
  for (let i = buf.indexOf(EOCD); i >= 0 && i < limit; i = buf.indexOf(EOCD, i + 1)) {
    const end = i + 22 + buf.readUInt16LE(i + 20);
    for (const c of [end, end + 1, end + 7, end + 200]) cuts.add(c);
  }
  for (let k = 1; k < spread; k++) cuts.add(Math.floor((limit * k) / spread));
  return [...cuts].filter((c) => c > 0 && c < limit).sort((a, b) => a - b);
}

async function verdictsOfCuts(dir: string, name: string, buf: Buffer, spread: number): Promise<Map<string, number[]>> {
  const byCode = new Map<string, number[]>();
  const p = join(dir, name);
  for (const cut of cutPoints(buf, spread)) {
    writeFileSync(p, buf.subarray(0, cut));
    const r = await preflightFile(p, { audit: false });
    byCode.set(r.code, [...(byCode.get(r.code) ?? []), cut]);
  }
  return byCode;
}

async function deckWithChart(): Promise<Buffer> {
  const pptx = new PptxGenJS();
  const slide = pptx.addSlide();
  slide.addText('Enrolment by year', { x: 0.5, y: 0.3, w: 9, h: 0.8 });
  slide.addChart(pptx.ChartType.bar, [{ name: 'Students', labels: ['2021', '2022', '2023'], values: [120, 135, 150] }], { x: 1, y: 1.2, w: 6, h: 4 });
  pptx.addSlide().addText('After the chart', { x: 0.5, y: 0.3, w: 9, h: 0.8 });
  return (await pptx.write({ outputType: 'nodebuffer' })) as Buffer;
}

test('a generated deck with a chart (an embedded xlsx) cut short is TRUNCATED_ZIP at every cut', async (t) => {
  const dir = tempDir(t);
  const deck = await deckWithChart();
  const whole = join(dir, 'chart.pptx');
  writeFileSync(whole, deck);
  assert.equal((await preflightFile(whole)).code, 'OK', 'the whole deck passes');
  const dirOf = await readZipDirectory(bufferReader(deck));
  const workbook = dirOf.entries.find((e) => /^ppt\/embeddings\/.*\.xlsx$/.test(e.name));
  assert.ok(workbook, 'pptxgenjs embeds the chart data as a workbook');
  // The workbook's end record sits in the deck's bytes: a cut right after it is the reported case.
  assert.ok(cutPoints(deck, 0).length >= 4, 'the embedded workbook end record is visible in the deck');

  const byCode = await verdictsOfCuts(dir, 'cut.pptx', deck, 60);
  assert.deepEqual([...byCode.keys()], ['TRUNCATED_ZIP'], JSON.stringify(Object.fromEntries(byCode)));
});

test('a deck cut just after an embedded deck is TRUNCATED_ZIP, not OK', async (t) => {
  const dir = tempDir(t);
  const inner = await makeDeckBuffer({ slides: 1 });
  const outer = buildZip([...minimalDeckEntries(), { name: 'ppt/embeddings/Microsoft_PowerPoint_Presentation1.pptx', data: inner, method: 0 }, { name: 'docProps/app.xml', data: '<Properties/>' }]);
  const innerStart = outer.indexOf(inner);
  const p = join(dir, 'cut.pptx');
  writeFileSync(p, outer.subarray(0, innerStart + inner.length));
  const r = await preflightFile(p);
  assert.equal(r.code, 'TRUNCATED_ZIP', JSON.stringify(r));
  assert.match((r as { detail?: string }).detail ?? '', /embedded/);
});

test('only padding may follow the end record: a trailing newline is fine, other bytes are not', async (t) => {
  const dir = tempDir(t);
  const zip = buildZip(minimalDeckEntries());
  const at = (name: string, data: Buffer) => {
    const p = join(dir, name);
    writeFileSync(p, data);
    return preflightFile(p);
  };
  assert.equal((await at('newline.pptx', Buffer.concat([zip, Buffer.from('\r\n')]))).code, 'OK');
  assert.equal((await at('nuls.pptx', Buffer.concat([zip, Buffer.alloc(512)]))).code, 'OK');
  assert.equal((await at('junk.pptx', Buffer.concat([zip, Buffer.from('PK\x03\x04 more')]))).code, 'TRUNCATED_ZIP');
  const commented = buildZip(minimalDeckEntries(), { comment: 'saved by a tool' });
  assert.equal((await at('comment.pptx', commented)).code, 'OK', 'its own comment is part of the record');
});

test('corpus decks with embedded Office files, cut at many offsets, are always TRUNCATED_ZIP', { skip: corpusSkip }, async (t) => {
  const dir = tempDir(t);
  let decks = 0;
  let cuts = 0;
  const wrong: string[] = [];
  for (const file of readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.pptx')).sort()) {
    const buf = readFileSync(join(CORPUS_DIR, file));
    let names: string[];
    try {
      names = (await readZipDirectory(bufferReader(buf))).entries.map((e) => e.name);
    } catch {
      continue; // damaged corpus files are covered by corpus.test.ts
    }
    if (!names.some((n) => /^ppt\/embeddings\/.*\.(xlsx|xlsm|docx|pptx)$/i.test(n))) continue;
    decks++;
    const byCode = await verdictsOfCuts(dir, 'cut.pptx', buf, 25);
    for (const [code, at] of byCode) {
      cuts += at.length;
      if (code !== 'TRUNCATED_ZIP') wrong.push(`${file} cut at ${at.slice(0, 5).join(', ')}: ${code}`);
    }
  }
  assert.ok(decks >= 15, `only ${decks} corpus decks embed Office files`);
  assert.deepEqual(wrong, [], `${wrong.length} wrong verdicts of ${cuts} cuts`);
});
