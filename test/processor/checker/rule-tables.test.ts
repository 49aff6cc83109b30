/**
 * Missing table header and merged cells: generated tables of every kind the rule tells
 * apart, the header-row fix written through the edit path (the input unchanged, the output
 * opened by LibreOffice), and every corpus table judged without error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import PptxGenJS from 'pptxgenjs';
import { tempDir } from '../../helpers/tmp';
import { CORPUS_DIR, corpusAvailable, corpusSkip } from '../../helpers/corpus';
import { checkTables, hasHeaderRow } from '../../../src/processor/checker/rule-tables';
import { loadDeck, writeWithSplices } from './load-deck';
import { soffice as testSoffice, sofficeSkip } from '../../helpers/libreoffice';

async function tableDeck(path: string): Promise<string> {
  const pptx = new PptxGenJS();
  const b = (text: string) => ({ text, options: { bold: true } });
  const rows = (r: (string | object)[][]) => r.map((row) => row.map((c) => (typeof c === 'string' ? { text: c } : c))) as never;
  // 1: bold header over numbers → fixed
  pptx.addSlide().addTable(
    rows([
      [b('Drug'), b('Dose (mg)'), b('Half-life')],
      ['Aspirin', '325', '3 h'],
      ['Ibuprofen', '400', '2 h'],
    ]),
    { x: 0.5, y: 1, w: 8, name: 'Doses' } as never,
  );
  // 2: plain short text over plain text → proposed
  pptx.addSlide().addTable(
    rows([
      ['Segment', 'Reabsorbs'],
      ['Proximal tubule', 'Sodium and glucose'],
      ['Loop of Henle', 'Water and salt'],
    ]),
    { x: 0.5, y: 1, w: 8 },
  );
  // 3: the first row is data → flagged
  pptx.addSlide().addTable(
    rows([
      ['2019', '120'],
      ['2020', '140'],
    ]),
    { x: 0.5, y: 1, w: 8 },
  );
  // 4: a merged header cell → merged-cells flagged (and a header fix: bold over numbers)
  pptx.addSlide().addTable(
    rows([
      [{ text: 'Blood pressure', options: { bold: true, colspan: 2 } }, b('Pulse')],
      ['120', '80', '72'],
      ['135', '85', '90'],
    ]),
    { x: 0.5, y: 1, w: 8 },
  );
  writeFileSync(path, (await pptx.write({ outputType: 'nodebuffer' })) as Buffer);
  return path;
}


test('header rows: fixed when plainly a header, proposed when only shaped like one, flagged otherwise; merged cells flagged', async (t) => {
  const dir = tempDir(t);
  const input = await tableDeck(join(dir, 'tables.pptx'));
  const before = readFileSync(input);
  const deck = await loadDeck(input);
  try {
    const results = deck.slides.map((s) => checkTables(s));
    const outcome = (i: number) => results[i].findings.filter((f) => f.rule === 'missing-table-header').map((f) => f.outcome);
    assert.deepEqual(outcome(0), ['fixed']);
    assert.deepEqual(outcome(1), ['proposed']);
    assert.deepEqual(outcome(2), ['flagged']);
    assert.deepEqual(outcome(3), ['fixed']);
    assert.match(results[2].findings[0].message, /number/);
    const merged = results.flatMap((r) => r.findings.filter((f) => f.rule === 'merged-cells'));
    assert.equal(merged.length, 1);
    assert.equal(merged[0].slide, 4);
    assert.equal(merged[0].outcome, 'flagged');
    assert.ok(results.every((r) => r.findings.every((f) => f.target !== '' && f.part === deck.slides[f.slide! - 1].part)));
    // only the fixed ones edit the deck
    const splices = results.flatMap((r) => r.splices);
    assert.equal(splices.length, 2);

    const output = join(dir, 'out.pptx');
    await writeWithSplices(deck, output, splices);
    assert.deepEqual(readFileSync(input), before, 'the original is never modified');
    const out = await loadDeck(output);
    try {
      const flags = out.slides.map((s) => s.objects.filter((o) => o.kind === 'table').map((o) => hasHeaderRow(o.table!)));
      assert.deepEqual(flags, [[true], [false], [false], [true]]);
      // a second run finds nothing more to fix: the fix is idempotent
      assert.deepEqual(out.slides.map((s) => checkTables(s).splices.length), [0, 0, 0, 0]);
    } finally {
      out.close();
    }

    const soffice = testSoffice;
    if (!soffice) return t.diagnostic(`LibreOffice check skipped: ${sofficeSkip}`);
    const pdfDir = join(dir, 'pdf');
    mkdirSync(pdfDir);
    const r = spawnSync(soffice, [`-env:UserInstallation=${pathToFileURL(join(dir, 'lo')).href}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', pdfDir, output], { encoding: 'utf8', timeout: 180_000 });
    const pdf = join(pdfDir, 'out.pdf');
    assert.ok(r.status === 0 && existsSync(pdf), `LibreOffice cannot open the output: ${r.stderr}`);
    assert.equal((readFileSync(pdf, 'latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length, 4);
  } finally {
    deck.close();
  }
});

test('a table without tblPr gets one as its first child; firstRow="0" is turned to 1', async () => {
  const { parseXml, find } = await import('../../../src/processor/xml/tree');
  const { applySplices } = await import('../../../src/processor/xml/splice');
  const { headerRowSplice } = await import('../../../src/processor/checker/rule-tables');
  const bare = '<a:tbl xmlns:a="x"><a:tblGrid/><a:tr/></a:tbl>';
  assert.equal(applySplices(bare, [headerRowSplice(parseXml(bare))]), '<a:tbl xmlns:a="x"><a:tblPr firstRow="1"/><a:tblGrid/><a:tr/></a:tbl>');
  const off = '<p xmlns:a="x"><a:tbl><a:tblPr firstRow="0" bandRow="1"/></a:tbl></p>';
  assert.equal(applySplices(off, [headerRowSplice(find(parseXml(off), 'tbl')!)]), '<p xmlns:a="x"><a:tbl><a:tblPr firstRow="1" bandRow="1"/></a:tbl></p>');
});

test('corpus tables: every table judged, a header flag already set is respected', { skip: corpusSkip }, async () => {
  if (!corpusAvailable) return;
  const seen = { tables: 0, withFlag: 0, fixed: 0, proposed: 0, flagged: 0, merged: 0 };
  for (const f of readdirSync(CORPUS_DIR).filter((n) => n.endsWith('.pptx'))) {
    let deck;
    try {
      deck = await loadDeck(join(CORPUS_DIR, f));
    } catch {
      continue;
    }
    try {
      for (const s of deck.slides) {
        const tables = s.objects.filter((o) => o.kind === 'table' && o.table);
        seen.tables += tables.length;
        seen.withFlag += tables.filter((o) => hasHeaderRow(o.table!)).length;
        const r = checkTables(s);
        for (const x of r.findings) {
          if (x.rule === 'merged-cells') seen.merged++;
          else seen[x.outcome as 'fixed' | 'proposed' | 'flagged']++;
        }
        assert.equal(r.splices.length, r.findings.filter((x) => x.outcome === 'fixed').length, `${basename(f)} slide ${s.number}`);
      }
    } finally {
      deck.close();
    }
  }
  assert.ok(seen.tables >= 40, JSON.stringify(seen));
  assert.equal(seen.fixed + seen.proposed + seen.flagged + seen.withFlag, seen.tables, JSON.stringify(seen));
  assert.ok(seen.merged >= 8, JSON.stringify(seen));
  console.log('corpus tables', JSON.stringify(seen));
});

test('corpus decks whose header rows are fixed still open in LibreOffice, with the same pages', { skip: corpusSkip, timeout: 600_000 }, async (t) => {
  const soffice = testSoffice;
  if (!soffice) return t.diagnostic(`skipped: ${sofficeSkip}`);
  const { processDeck } = await import('../../../src/processor/process-deck');
  const { copyFileSync } = await import('node:fs');
  const dir = tempDir(t);
  const FIXED = ['oxsdk__typical.pptx', 'poi__customGeo.pptx', 'poi__stress022.pptx', 'unstructured__sample-presentation.pptx'];
  const ins: string[] = [];
  const outs: string[] = [];
  for (const f of FIXED) {
    const input = join(dir, `in-${f}`);
    copyFileSync(join(CORPUS_DIR, f), input);
    const output = join(dir, `out-${f}`);
    const r = await processDeck({ input, output, durable: false });
    assert.ok(r.checks?.some((c) => c.rule === 'missing-table-header' && c.outcome === 'fixed' && c.written), `${f}: a header row fixed`);
    ins.push(input);
    outs.push(output);
  }
  const pages = (decks: string[], sub: string) => {
    const pdfDir = join(dir, sub);
    mkdirSync(pdfDir);
    spawnSync(soffice, [`-env:UserInstallation=${pathToFileURL(join(dir, 'lo')).href}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', pdfDir, ...decks], { timeout: 480_000 });
    return decks.map((d) => {
      const pdf = join(pdfDir, basename(d).replace(/\.pptx$/, '.pdf'));
      return existsSync(pdf) ? (readFileSync(pdf, 'latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length : null;
    });
  };
  const before = pages(ins, 'pdf-in');
  const after = pages(outs, 'pdf-out');
  FIXED.forEach((f, i) => {
    if (before[i] === null) return t.diagnostic(`${f}: LibreOffice cannot open the input either`);
    assert.equal(after[i], before[i], `${f}: the output opens with the same pages`);
  });
});
