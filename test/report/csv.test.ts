import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toCsv, csvCell, CSV_COLUMNS } from '../../src/core/report';
import { REAL_ALT, item, job, result, batch, sampleInput } from './fixtures';

/** A strict RFC 4180 reader, so the test checks what Excel would see, not our own string building. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), (i += 2);
      else if (c === '"') (quoted = false), i++;
      else (cell += c), i++;
    } else if (c === '"') {
      assert.equal(cell, '', 'a quote may only open a cell');
      quoted = true;
      i++;
    } else if (c === ',') row.push(cell), (cell = ''), i++;
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), (i += 2);
    else {
      assert.notEqual(c, '\n', 'bare LF outside quotes');
      cell += c;
      i++;
    }
  }
  assert.equal(quoted, false, 'unterminated quote');
  assert.equal(cell, '', 'file must end with CRLF');
  return rows;
}

function rowsOf(csv: string) {
  assert.ok(csv.startsWith('\uFEFF'), 'UTF-8 BOM so Excel reads non-ASCII');
  const [head, ...rows] = parseCsv(csv.slice(1));
  assert.deepEqual(head, [...CSV_COLUMNS]);
  for (const r of rows) assert.equal(r.length, head.length);
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])) as Record<(typeof CSV_COLUMNS)[number], string>);
}

test('one row per image and one per deck without images; every deck appears', () => {
  const rows = rowsOf(toCsv(sampleInput()));
  const byDeck = (p: string) => rows.filter((r) => r.Deck.endsWith(p));
  assert.equal(byDeck('week1 – Herz.pptx').length, 4);
  const failed = byDeck('dosing.pptx');
  assert.equal(failed.length, 1);
  assert.equal(failed[0]['Deck state'], 'failed');
  assert.equal(failed[0]['Error code'], 'PROCESSOR_TIMEOUT');
  assert.match(failed[0].Message, /time limit/);
  assert.equal(failed[0]['Old ALT text'], '');
  const skipped = byDeck('signed.pptx')[0];
  assert.equal(skipped['Deck state'], 'skipped');
  assert.equal(skipped['Error code'], 'SIGNED_DECK');
  assert.match(skipped.Message, /digitally signed.*\(signature by Dean’s office\)$/);
  assert.equal(byDeck('text-only.pptx').length, 1);
  const rejected = byDeck('old.ppt')[0];
  assert.equal(rejected['Deck state'], 'rejected');
  assert.equal(rejected['Error code'], 'LEGACY_PPT');
  assert.equal(rows.length, 4 + 1 + 1 + 1 + 1);
});

test('real ALT values survive: multi-line auto-captions, commas, non-ASCII, UNC paths', () => {
  const items = [
    item({ oldAlt: REAL_ALT.officeCaption, oldAltVerdict: 'junk' }),
    item({ slide: 2, oldAlt: REAL_ALT.aiCaption, oldAltVerdict: 'junk', newAlt: REAL_ALT.umlaut }),
    item({ slide: 3, oldAlt: REAL_ALT.cyrillic, oldAltVerdict: 'person', newAlt: REAL_ALT.cyrillic, status: 'kept' }),
    item({ slide: 4, oldAlt: REAL_ALT.uncPath, oldAltVerdict: 'junk', newAlt: 'Rainbow over "Golden Gate"' }),
    item({ slide: 5, oldAlt: REAL_ALT.pandoc, oldAltVerdict: 'junk', reviewReasons: ['generated text', 'low OCR confidence'] }),
  ];
  const rows = rowsOf(toCsv({ batch: batch(), jobs: [job(1, { relPath: 'Vorträge/mine_südafrika.pptx', result: result(items) })], generatedAt: 0, appVersion: 't' }));
  assert.deepEqual(
    rows.map((r) => r['Old ALT text']),
    [REAL_ALT.officeCaption, REAL_ALT.aiCaption, REAL_ALT.cyrillic, REAL_ALT.uncPath, REAL_ALT.pandoc],
  );
  assert.equal(rows[1]['New ALT text'], 'Kühlschrank');
  assert.equal(rows[3]['New ALT text'], 'Rainbow over "Golden Gate"');
  assert.equal(rows[4]['Review reasons'], 'generated text; low OCR confidence');
  assert.equal(rows[0].Deck, '/share/lectures/Vorträge/mine_südafrika.pptx');
  assert.equal(rows[0]['Needs review'], 'yes');
  assert.equal(rows[2]['Slide'], '3');
});

test('cells Excel would run as formulas are neutralised with an apostrophe', () => {
  const evil = ['=HYPERLINK("http://example.invalid/x","click")', '+SUM(1,2)', '-2+3', '@cmd', '\t=1+1', '\r=1'];
  const items = evil.map((e, i) => item({ slide: i + 1, oldAlt: e, oldAltVerdict: 'junk', newAlt: e, shapeName: e }));
  const rows = rowsOf(toCsv({ batch: batch(), jobs: [job(1, { relPath: '=cmd|calc.pptx', result: result(items) })], generatedAt: 0, appVersion: 't' }));
  rows.forEach((r, i) => {
    for (const col of ['Old ALT text', 'New ALT text', 'Shape name'] as const) {
      assert.equal(r[col], `'${evil[i]}`, col);
      assert.ok(!/^[=+\-@\t\r]/.test(r[col]));
    }
  });
  // Only leading characters matter; a hyphen inside text is left alone.
  assert.equal(csvCell('X-ray of the chest'), 'X-ray of the chest');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell(null), '');
});
