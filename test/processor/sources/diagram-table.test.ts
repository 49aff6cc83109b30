/**
 * SmartArt and tables as findings (issue 9 §3): an org chart names every box under
 * its parent, a process lists its steps in order; a table says its size, header and
 * first rows; all in the slide's language, within 150 characters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { layoutKind, smartArtAlt, smartArtDiagram } from '../../../src/processor/sources/smartart';
import { tableAlt, tableFacts } from '../../../src/processor/sources/table';
import { find, parseXml } from '../../../src/processor/xml/tree';
import { processDeck } from '../../../src/processor/process-deck';
import { CORPUS_DIR, corpusSkip } from '../../helpers/corpus';

const NS = 'xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"';
function diagram(layout: string, cat: string, boxes: Array<[string, string, string | null]>): string {
  const pts = boxes.map(([id, text]) => `<dgm:pt modelId="${id}"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:p><a:r><a:t>${text}</a:t></a:r></a:p></dgm:t></dgm:pt>`).join('');
  const ord = new Map<string, number>();
  const cxn = boxes
    .map(([id, , parent]) => {
      const src = parent ?? 'doc';
      const n = ord.get(src) ?? 0;
      ord.set(src, n + 1);
      return `<dgm:cxn modelId="c${id}" srcId="${src}" destId="${id}" srcOrd="${n}" destOrd="0"/>`;
    })
    .join('');
  return `<dgm:dataModel ${NS}><dgm:ptLst><dgm:pt modelId="doc" type="doc"><dgm:prSet loTypeId="urn:microsoft.com/office/officeart/2005/8/layout/${layout}" loCatId="${cat}"/></dgm:pt>${pts}</dgm:ptLst><dgm:cxnLst>${cxn}</dgm:cxnLst></dgm:dataModel>`;
}

const ORG: Array<[string, string, string | null]> = [
  ['1', 'Dean', null],
  ['2', 'Anatomy', '1'],
  ['3', 'Physiology', '1'],
  ['4', 'Histology lab', '2'],
  ['5', 'Dissection room', '2'],
  ['6', 'Cardio lab', '3'],
];

test('an org chart names every box under its parent', () => {
  const d = smartArtDiagram(diagram('orgChart1', 'hierarchy', ORG));
  assert.equal(d.layout, 'orgChart');
  const r = smartArtAlt(d, 'en');
  assert.equal(r.alt, 'Organization chart with 6 boxes: Dean; under Dean: Anatomy and Physiology; under Anatomy: Histology lab and Dissection room; …');
  assert.ok(r.alt!.length <= 150);
  assert.deepEqual(r.long.split('\n'), [
    'Organization chart with 6 boxes: Dean',
    'under Dean: Anatomy and Physiology',
    'under Anatomy: Histology lab and Dissection room',
    'under Physiology: Cardio lab',
  ]);
  const de = smartArtAlt(d, 'de');
  assert.match(de.alt!, /^Organigramm mit 6 Feldern: Dean; unter Dean: Anatomy und Physiology/);
  const ru = smartArtAlt(d, 'ru');
  assert.match(ru.alt!, /^Организационная диаграмма из 6 блоков: Dean; под блоком «Dean»: Anatomy и Physiology/);
});

test('a process lists its steps in order; a cycle its stages; a list its items', () => {
  const steps: Array<[string, string, string | null]> = [
    ['1', 'History', null],
    ['2', 'Examination', null],
    ['3', 'Tests', null],
    ['4', 'Diagnosis', null],
    ['5', 'Blood count', '3'],
  ];
  const p = smartArtDiagram(diagram('process1', 'process', steps));
  const r = smartArtAlt(p, 'en');
  assert.equal(r.alt, 'Process with 4 steps: History, Examination, Tests, and Diagnosis');
  assert.deepEqual(r.long.split('\n').slice(1), ['1. History', '2. Examination', '3. Tests (Blood count)', '4. Diagnosis']);
  assert.equal(smartArtAlt(p, 'ja').alt, '4 ステップのプロセス：History、Examination、Tests、Diagnosis');
  assert.equal(smartArtAlt(p, 'pl').alt, 'Proces z 4 krokami: History, Examination, Tests i Diagnosis');
  assert.equal(layoutKind('urn:microsoft.com/office/officeart/2005/8/layout/cycle2', ''), 'cycle');
  assert.equal(layoutKind('urn:microsoft.com/office/officeart/2005/8/layout/default', 'list'), 'list');
  assert.equal(layoutKind('urn:microsoft.com/office/officeart/2005/8/layout/hierarchy1', ''), 'hierarchy');
  // many long items: cut with "and N more", never over 150
  const many = Array.from({ length: 12 }, (_, i) => [String(i + 1), `A rather long step description number ${i + 1}`, null] as [string, string, null]);
  const m = smartArtAlt(smartArtDiagram(diagram('process1', 'process', many)), 'en');
  assert.ok(m.alt!.length <= 150, m.alt!);
  assert.match(m.alt!, /and \d+ more$/);
});

test('a table: size, header and first rows in the slide’s language; every row in the long description', () => {
  const row = (cells: string[]) => `<a:tr h="1">${cells.map((c) => `<a:tc><a:txBody><a:bodyPr/><a:p><a:r><a:t>${c}</a:t></a:r></a:p></a:txBody></a:tc>`).join('')}</a:tr>`;
  const xml = `<a:tbl xmlns:a="a"><a:tblGrid><a:gridCol w="1"/><a:gridCol w="1"/></a:tblGrid>${row(['Segment', 'Reabsorbs'])}${row(['Proximal tubule', 'Na+, glucose'])}${row(['Loop of Henle', 'Water, Na+'])}</a:tbl>`;
  const tbl = find(parseXml(xml), 'tbl') ?? parseXml(xml);
  const f = tableFacts(xml, tbl);
  const en = tableAlt(f, 'en');
  assert.equal(en.alt, 'Table, 3 rows, 2 columns: Segment and Reabsorbs; rows: Proximal tubule and Loop of Henle');
  assert.deepEqual(en.long.split('\n').slice(1), ['Row 1: Segment: Proximal tubule; Reabsorbs: Na+, glucose', 'Row 2: Segment: Loop of Henle; Reabsorbs: Water, Na+']);
  assert.equal(tableAlt(f, 'ru').alt, 'Таблица, 3 строки, 2 столбца: Segment и Reabsorbs; строки: Proximal tubule и Loop of Henle');
  assert.equal(tableAlt(f, 'ar').alt, 'جدول، عدد الصفوف 3، عدد الأعمدة 2: Segment وReabsorbs؛ الصفوف: Proximal tubule وLoop of Henle');
});

test('corpus: org charts and a process read with their structure', { skip: corpusSkip }, async () => {
  const org = await processDeck({ input: join(CORPUS_DIR, 'oxsdk__SmartArt_OrgChart1.pptx'), policy: 'audit' });
  const chart = org.items.find((i) => i.kind === 'smartart')!;
  assert.match(chart.newAlt!, /^Organization chart with 9 boxes: Top; under Top: Mid-Left and Mid-Right/);
  assert.match(chart.longDescription!, /under Temp: Assistant/);
  const pitch = await processDeck({ input: join(CORPUS_DIR, 'oxsdk__Pitchbook_TP10176928.potx'), policy: 'audit' });
  const h = pitch.items.find((i) => i.kind === 'smartart' && /^Hierarchy/.test(i.newAlt ?? ''))!;
  assert.match(h.longDescription!, /under Product Development: Design, Manufacturing, and Quality Assurance/);
  const basic = await processDeck({ input: join(CORPUS_DIR, 'pandoc__pptx-reader-basic.pptx'), policy: 'audit' });
  const proc = basic.items.find((i) => i.kind === 'smartart')!;
  assert.equal(proc.newAlt, 'Process with 2 steps: First and Second');
  assert.equal(proc.longDescription, 'Process with 2 steps: First and Second\n1. First (subtitle, another)\n2. Second (yet more, and yet again)');
});
